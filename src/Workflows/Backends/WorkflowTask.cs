using Workflows.History;

namespace Workflows.Backends;

/// <summary>A claimed workflow task: the instance, its lease token and the pending events to apply.</summary>
/// <param name="Instance">The execution.</param>
/// <param name="LockToken">The lease token; every write for this task is fenced on it.</param>
/// <param name="WorkflowName">The registered workflow name.</param>
/// <param name="Queue">The instance's queue.</param>
/// <param name="LastSequenceId">The sequence id of the last committed history event.</param>
/// <param name="NewEvents">The pending events, in arrival order.</param>
/// <param name="Metadata">Metadata given at start.</param>
public sealed record WorkflowTask(
    WorkflowInstance Instance,
    string LockToken,
    string WorkflowName,
    string Queue,
    long LastSequenceId,
    IReadOnlyList<HistoryEvent> NewEvents,
    WorkflowMetadata? Metadata = null)
{
    /// <summary>
    /// When the backend claimed the task, on the backend's clock (the database clock of a server backend). The
    /// workflow's time (<c>WorkflowContext.Now</c>) and so every durable timer's due time are taken from it, so a
    /// worker whose own clock is off cannot schedule timers early or late. Null for a task no backend claimed (a
    /// step run ahead on a cached executor), which continues the workflow's time from its previous task.
    /// </summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>
    /// How many workflow tasks of this execution in a row were abandoned before this claim (non-determinism, an
    /// unknown workflow, a corrupt row), as the backend counts them: reset by a commit or a resume. The worker parks
    /// an instance whose workflow it does not know after <c>UnknownWorkflowMaxAttempts</c> by this count, so a
    /// restart or another worker does not start counting again. Zero when the backend does not say.
    /// </summary>
    public int FailedAttempts { get; init; }
}

/// <summary>A claimed activity task.</summary>
/// <param name="Instance">The execution that scheduled it.</param>
/// <param name="LockToken">The lease token; completion is fenced on it.</param>
/// <param name="Queue">The activity's queue.</param>
/// <param name="ScheduledEvent">The <see cref="EventType.ActivityScheduled"/> event.</param>
public sealed record ActivityTask(WorkflowInstance Instance, string LockToken, string Queue, HistoryEvent ScheduledEvent)
{
    /// <summary>The scheduled event's attributes.</summary>
    public ActivityScheduledAttributes Attributes => (ActivityScheduledAttributes)ScheduledEvent.Attributes;
}

/// <summary>Free-form metadata attached to an instance at start (tracing context, tags).</summary>
/// <param name="Values">The values.</param>
public sealed record WorkflowMetadata(IReadOnlyDictionary<string, string> Values);

/// <summary>An event for another instance, delivered in the same transaction as the workflow task.</summary>
/// <param name="Target">The target execution. For a <see cref="EventType.WorkflowExecutionStarted"/> event it is the new execution to create.</param>
/// <param name="Event">The event.</param>
/// <param name="AnyExecution">Deliver to the active execution of <see cref="WorkflowInstance.InstanceId"/> whatever its execution id (signals).</param>
public sealed record OutgoingEvent(WorkflowInstance Target, HistoryEvent Event, bool AnyExecution = false);

/// <summary>Everything a workflow task commits, in one transaction.</summary>
public sealed record WorkflowTaskCompletion
{
    /// <summary>The execution's status after the task.</summary>
    public required WorkflowStatus Status { get; init; }

    /// <summary>Events to append to the history, with sequence ids assigned from <see cref="WorkflowTask.LastSequenceId"/> + 1.</summary>
    public required IReadOnlyList<HistoryEvent> ExecutedEvents { get; init; }

    /// <summary>Ids of the pending events this task consumed.</summary>
    public required IReadOnlyList<string> ConsumedEventIds { get; init; }

    /// <summary><see cref="EventType.ActivityScheduled"/> events to enqueue as activity tasks.</summary>
    public IReadOnlyList<HistoryEvent> Activities { get; init; } = [];

    /// <summary>Future <see cref="EventType.TimerFired"/> events for this execution, visible at their due time.</summary>
    public IReadOnlyList<HistoryEvent> Timers { get; init; } = [];

    /// <summary>Schedule event ids of timers whose future event must be removed.</summary>
    public IReadOnlyList<long> CanceledTimers { get; init; } = [];

    /// <summary>Events for other instances.</summary>
    public IReadOnlyList<OutgoingEvent> OutgoingEvents { get; init; } = [];

    /// <summary>The encoded result, for completed executions.</summary>
    public string? Result { get; init; }

    /// <summary>The error, for failed executions.</summary>
    public WorkflowError? Error { get; init; }
}

/// <summary>The state of an instance's latest execution.</summary>
public sealed record WorkflowInstanceState
{
    /// <summary>The execution.</summary>
    public required WorkflowInstance Instance { get; init; }

    /// <summary>The registered workflow name.</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The queue the instance runs on.</summary>
    public required string Queue { get; init; }

    /// <summary>The status.</summary>
    public required WorkflowStatus Status { get; init; }

    /// <summary>When the execution was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it finished, if it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The encoded result of a completed execution.</summary>
    public string? Result { get; init; }

    /// <summary>The error of a failed or cancelled execution.</summary>
    public WorkflowError? Error { get; init; }

    /// <summary>The parent, for sub-workflows.</summary>
    public ParentReference? Parent { get; init; }

    /// <summary>The last error that kept a workflow task from committing (non-determinism, runtime violation, unknown workflow), cleared by the next commit.</summary>
    public WorkflowError? LastTaskError { get; init; }

    /// <summary>Metadata given at start.</summary>
    public WorkflowMetadata? Metadata { get; init; }
}

/// <summary>A query for <see cref="IBackend.ListWorkflowInstancesAsync"/>.</summary>
public sealed record InstanceQuery
{
    /// <summary>The page size.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The cursor returned with the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Only instances with this status, when set.</summary>
    public WorkflowStatus? Status { get; init; }

    /// <summary>Only instances of this workflow name (exact match), when set.</summary>
    public string? WorkflowName { get; init; }

    /// <summary>Only instances on this queue (exact match), when set.</summary>
    public string? Queue { get; init; }

    /// <summary>Only instances whose id starts with this text (ordinal, case-sensitive), when set.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances whose latest execution was created at or after this time, when set.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only instances whose latest execution was created before this time, when set.</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    /// <summary>Only instances that finished at or after this time, when set (running ones never match).</summary>
    public DateTimeOffset? FinishedFrom { get; init; }

    /// <summary>Only instances that finished before this time, when set (running ones never match).</summary>
    public DateTimeOffset? FinishedBefore { get; init; }

    /// <summary>Only the sub-workflows started by this parent instance id, when set: one level of the tree.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>
    /// Only running instances whose last workflow task failed (non-determinism, an unknown workflow, a corrupt row):
    /// blocked ones, backing off or parked, that an operator resumes after deploying a fix.
    /// </summary>
    public bool BlockedOnly { get; init; }
}

/// <summary>A page of instances, newest first.</summary>
/// <param name="Instances">The instances.</param>
/// <param name="NextCursor">The cursor of the next page; null when this was the last.</param>
public sealed record InstancePage(IReadOnlyList<WorkflowInstanceState> Instances, string? NextCursor);

/// <summary>Counts of active instances and pending work.</summary>
public sealed record BackendStats
{
    /// <summary>Instances whose latest execution is running.</summary>
    public long ActiveInstances { get; init; }

    /// <summary>Instances with visible pending events, per queue.</summary>
    public IReadOnlyDictionary<string, long> PendingWorkflowTasks { get; init; } = new Dictionary<string, long>();

    /// <summary>Activity tasks waiting or running, per queue.</summary>
    public IReadOnlyDictionary<string, long> PendingActivityTasks { get; init; } = new Dictionary<string, long>();

    /// <summary>Instances (their latest executions) per status.</summary>
    public IReadOnlyDictionary<WorkflowStatus, long> InstancesByStatus { get; init; } = new Dictionary<WorkflowStatus, long>();

    /// <summary>Instances (their latest executions) per workflow name.</summary>
    public IReadOnlyDictionary<string, long> InstancesByWorkflowName { get; init; } = new Dictionary<string, long>();
}
