namespace Workflows;

/// <summary>Base type of the failures the runtime reports with a <see cref="WorkflowError"/> attached.</summary>
public abstract class WorkflowFailureException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    protected WorkflowFailureException(string message, WorkflowError error)
        : base(message) => Error = error;

    /// <summary>The original error: type name, message and stack of what was thrown.</summary>
    public WorkflowError Error { get; }

    /// <summary>Full name of the original exception type.</summary>
    public string OriginalType => Error.Type;

    /// <summary>The original stack trace.</summary>
    public override string? StackTrace => Error.StackTrace ?? base.StackTrace;
}

/// <summary>Thrown into workflow code when an activity failed.</summary>
public sealed class ActivityFailedException(string activityName, WorkflowError error)
    : WorkflowFailureException($"Activity '{activityName}' failed: {error.Type}: {error.Message}", error)
{
    /// <summary>The activity's registered name.</summary>
    public string ActivityName { get; } = activityName;

    /// <summary>Whether the failure is a start-to-close or schedule-to-close timeout.</summary>
    public bool IsTimeout => Error.Type == typeof(ActivityTimeoutException).FullName;
}

/// <summary>An activity attempt ran past its start-to-close timeout, or the call past its schedule-to-close timeout.</summary>
public sealed class ActivityTimeoutException(string message) : TimeoutException(message);

/// <summary>The execution's history reached <c>WorkflowWorkerOptions.MaxHistoryLength</c>; the execution failed.</summary>
public sealed class HistoryLimitExceededException(string message) : WorkflowsException(message);

/// <summary>Thrown into workflow code when a sub-workflow failed or could not be started.</summary>
public sealed class SubWorkflowFailedException(string workflowName, string instanceId, WorkflowError error)
    : WorkflowFailureException($"Sub-workflow '{workflowName}' (instance '{instanceId}') failed: {error.Type}: {error.Message}", error)
{
    /// <summary>The sub-workflow's registered name.</summary>
    public string WorkflowName { get; } = workflowName;

    /// <summary>The sub-workflow's instance id.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>Thrown by the client when the awaited workflow failed.</summary>
public sealed class WorkflowFailedException(string instanceId, WorkflowError error)
    : WorkflowFailureException($"Workflow instance '{instanceId}' failed: {error.Type}: {error.Message}", error)
{
    /// <summary>The instance that failed.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>Marks an error that retry policies must not retry. Throw it (or derive from it) in an activity.</summary>
public class NonRetryableException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    public NonRetryableException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner exception.</summary>
    public NonRetryableException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>An instance with this id already has an active execution (only one may be active at a time).</summary>
public sealed class WorkflowInstanceAlreadyExistsException(string instanceId)
    : WorkflowsException($"Workflow instance '{instanceId}' already exists and is still active.")
{
    /// <summary>The instance id.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>No instance with this id exists (or it has finished, where an active one was required).</summary>
public sealed class WorkflowInstanceNotFoundException(string instanceId, string? detail = null)
    : WorkflowsException($"Workflow instance '{instanceId}' was not found{(detail is null ? "" : ": " + detail)}.")
{
    /// <summary>The instance id.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>The operation needs a finished instance, and this one is still active.</summary>
public sealed class WorkflowNotFinishedException(string instanceId)
    : WorkflowsException($"Workflow instance '{instanceId}' has not finished.")
{
    /// <summary>The instance id.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>The operation needs an active instance, and this one has finished (resume has nothing to resume).</summary>
public sealed class WorkflowAlreadyFinishedException(string instanceId, WorkflowStatus status)
    : WorkflowsException($"Workflow instance '{instanceId}' has already finished ({status}).")
{
    /// <summary>The instance id.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The status it finished with.</summary>
    public WorkflowStatus Status { get; } = status;
}

/// <summary>
/// The workflow code did not produce the commands its recorded history says it produced. The instance is
/// blocked (not failed) and its history untouched until a worker with compatible code picks it up.
/// </summary>
public sealed class NonDeterminismException(string message, long sequenceId, string? recorded, string? produced)
    : WorkflowsException(message)
{
    /// <summary>The sequence id of the recorded event that did not match (0 when the mismatch is a command with no event).</summary>
    public long SequenceId { get; } = sequenceId;

    /// <summary>What the history records, if anything.</summary>
    public string? Recorded { get; } = recorded;

    /// <summary>What the code produced, if anything.</summary>
    public string? Produced { get; } = produced;
}

/// <summary>
/// Workflow code broke a rule of the workflow runtime (called a workflow API off the workflow scheduler,
/// or awaited a task the runtime did not create). The workflow task fails; the instance is not failed.
/// </summary>
public sealed class WorkflowRuntimeViolationException(string message) : WorkflowsException(message);

/// <summary>No workflow or activity with this name is registered on the worker.</summary>
public sealed class NotRegisteredException(string kind, string name)
    : WorkflowsException($"{kind} '{name}' is not registered on this worker.")
{
    /// <summary>The missing name.</summary>
    public string Name { get; } = name;
}

/// <summary>The arguments of a call do not fit the registered workflow or activity.</summary>
public sealed class ArgumentMismatchException(string message, Exception? inner = null) : WorkflowsException(message, inner);

/// <summary>The worker no longer holds the lease on a task: another worker may have taken it over.</summary>
public sealed class LeaseLostException(string what) : WorkflowsException($"The lease on {what} was lost.");

/// <summary>Thrown into workflow code by calls made after the workflow was cancelled, and reported when a workflow ends by cancellation.</summary>
public sealed class WorkflowCanceledException(string message = "The workflow was canceled.") : OperationCanceledException(message);
