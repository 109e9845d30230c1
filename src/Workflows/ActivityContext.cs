namespace Workflows;

/// <summary>
/// What an activity knows about its call: the workflow that scheduled it, the attempt, and an idempotency key
/// for effects that must happen once even though activities run at least once. Available as
/// <see cref="Current"/> inside an activity.
/// </summary>
public sealed class ActivityContext
{
    private static readonly AsyncLocal<ActivityContext?> s_current = new();

    internal ActivityContext(WorkflowInstance instance, string activityName, long scheduleEventId, int attempt, string queue, CancellationToken cancellationToken)
    {
        Instance = instance;
        ActivityName = activityName;
        ScheduleEventId = scheduleEventId;
        Attempt = attempt;
        Queue = queue;
        CancellationToken = cancellationToken;
    }

    /// <summary>The context of the activity running on this async flow, or null outside an activity.</summary>
    public static ActivityContext? Current
    {
        get => s_current.Value;
        internal set => s_current.Value = value;
    }

    /// <summary>The workflow execution that scheduled the activity.</summary>
    public WorkflowInstance Instance { get; }

    /// <summary>The activity's registered name.</summary>
    public string ActivityName { get; }

    /// <summary>The schedule event id of the call in the workflow.</summary>
    public long ScheduleEventId { get; }

    /// <summary>The attempt number, from 1.</summary>
    public int Attempt { get; }

    /// <summary>The queue the activity runs on.</summary>
    public string Queue { get; }

    /// <summary>Fires when the worker stops or loses the activity's lease (another worker may run it).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// The values the workflow instance carries from its caller (start metadata, values added by the client's
    /// <see cref="Diagnostics.IWorkflowContextPropagator"/>s) and the trace context of the call that scheduled this activity.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; internal init; } = new Dictionary<string, string>();

    /// <summary>Stable across re-deliveries of the same attempt: instance, execution, schedule id and attempt.</summary>
    public string IdempotencyKey => $"{Instance.InstanceId}/{Instance.ExecutionId}/{ScheduleEventId}/{Attempt}";
}
