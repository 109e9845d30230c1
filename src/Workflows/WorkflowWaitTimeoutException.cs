namespace Workflows;

/// <summary>
/// A client wait (<c>GetResultAsync</c>, <c>WaitForCompletionAsync</c>) ran out of time. The message says why the
/// instance had not finished, as far as its state tells: the error that keeps its workflow task from committing
/// (a workflow that awaited <c>Task.Delay</c>, a workflow name no worker has registered, non-determinism), or that
/// it is running with no such error. A <see cref="TimeoutException"/>, so existing handlers still catch it.
/// </summary>
public sealed class WorkflowWaitTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The instance waited on.</param>
    /// <param name="timeout">How long the caller waited.</param>
    /// <param name="workflowName">The instance's workflow name, when its state was read.</param>
    /// <param name="status">The instance's status at the last read, when its state was read.</param>
    /// <param name="lastTaskError">The error that kept its last workflow task from committing, if any.</param>
    /// <param name="queue">The queue the instance runs on, when its state was read.</param>
    public WorkflowWaitTimeoutException(string instanceId, TimeSpan timeout, string? workflowName, WorkflowStatus? status, WorkflowError? lastTaskError, string? queue = null)
        : base(Describe(instanceId, timeout, workflowName, status, lastTaskError, queue))
    {
        InstanceId = instanceId;
        Timeout = timeout;
        WorkflowName = workflowName;
        Status = status;
        LastTaskError = lastTaskError;
    }

    /// <summary>The instance waited on.</summary>
    public string InstanceId { get; }

    /// <summary>How long the caller waited.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The instance's workflow name, or null when its state was never read.</summary>
    public string? WorkflowName { get; }

    /// <summary>The instance's status at the last read, or null when its state was never read.</summary>
    public WorkflowStatus? Status { get; }

    /// <summary>The error that kept the instance's last workflow task from committing, if any.</summary>
    public WorkflowError? LastTaskError { get; }

    private static string Describe(string instanceId, TimeSpan timeout, string? workflowName, WorkflowStatus? status, WorkflowError? lastTaskError, string? queue)
    {
        string waited = $"Workflow instance '{instanceId}' did not finish within {timeout}";
        if (status is null)
        {
            return waited + " (its state could not be read).";
        }

        if (lastTaskError is not null)
        {
            // The unknown-workflow error is the one a misconfigured worker gives; say so plainly.
            if (lastTaskError.Type == typeof(NotRegisteredException).FullName)
            {
                return $"{waited}: instance {instanceId} is blocked: no worker polling queue '{queue}' has workflow '{workflowName}' registered ({lastTaskError.Message})";
            }

            return $"{waited}: instance {instanceId} is blocked: {lastTaskError.Message}";
        }

        return $"{waited}: instance {instanceId} (workflow '{workflowName}', queue '{queue}') is {status.Value.ToString().ToLowerInvariant()} with no task error; "
            + "it may be waiting on a timer, a signal, an activity or a sub-workflow, or no worker polls its queue.";
    }
}
