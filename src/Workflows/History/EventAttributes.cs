using System.Text.Json.Serialization;

namespace Workflows.History;

/// <summary>Kind-specific data of a <see cref="HistoryEvent"/>; the concrete type decides the <see cref="EventType"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStartedAttributes), "ExecutionStarted")]
[JsonDerivedType(typeof(WorkflowTaskStartedAttributes), "WorkflowTaskStarted")]
[JsonDerivedType(typeof(ActivityScheduledAttributes), "ActivityScheduled")]
[JsonDerivedType(typeof(ActivityCompletedAttributes), "ActivityCompleted")]
[JsonDerivedType(typeof(ActivityFailedAttributes), "ActivityFailed")]
[JsonDerivedType(typeof(TimerScheduledAttributes), "TimerScheduled")]
[JsonDerivedType(typeof(TimerFiredAttributes), "TimerFired")]
[JsonDerivedType(typeof(TimerCanceledAttributes), "TimerCanceled")]
[JsonDerivedType(typeof(SignalReceivedAttributes), "SignalReceived")]
[JsonDerivedType(typeof(SideEffectResultAttributes), "SideEffectResult")]
[JsonDerivedType(typeof(SubWorkflowScheduledAttributes), "SubWorkflowScheduled")]
[JsonDerivedType(typeof(SubWorkflowCompletedAttributes), "SubWorkflowCompleted")]
[JsonDerivedType(typeof(SubWorkflowFailedAttributes), "SubWorkflowFailed")]
[JsonDerivedType(typeof(SubWorkflowCancellationRequestedAttributes), "SubWorkflowCancellationRequested")]
[JsonDerivedType(typeof(WorkflowCancellationRequestedAttributes), "WorkflowCancellationRequested")]
[JsonDerivedType(typeof(ContinuedAsNewAttributes), "ContinuedAsNew")]
[JsonDerivedType(typeof(ExecutionFinishedAttributes), "ExecutionFinished")]
[JsonDerivedType(typeof(ExecutionTerminatedAttributes), "ExecutionTerminated")]
[JsonDerivedType(typeof(PatchMarkerAttributes), "PatchMarker")]
public abstract record EventAttributes
{
    /// <summary>The event kind these attributes belong to.</summary>
    [JsonIgnore]
    public abstract EventType Type { get; }

    internal virtual string Describe() => "";
}

/// <summary>Identifies the parent of a sub-workflow and the command in the parent that started it.</summary>
/// <param name="InstanceId">The parent's instance id.</param>
/// <param name="ExecutionId">The parent's execution id.</param>
/// <param name="ScheduleEventId">The parent's schedule event id of the <see cref="EventType.SubWorkflowScheduled"/> command.</param>
public sealed record ParentReference(string InstanceId, string ExecutionId, long ScheduleEventId);

/// <summary>Attributes of <see cref="EventType.WorkflowExecutionStarted"/>.</summary>
/// <param name="Name">The registered workflow name.</param>
/// <param name="Queue">The queue the instance runs on.</param>
/// <param name="Inputs">One encoded payload per argument.</param>
/// <param name="Parent">The parent, for sub-workflows.</param>
public sealed record ExecutionStartedAttributes(string Name, string Queue, IReadOnlyList<string?> Inputs, ParentReference? Parent = null) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.WorkflowExecutionStarted;
    internal override string Describe() => $" {Name}";

    /// <summary>
    /// Values carried from the caller: the trace context (<c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>) and
    /// propagated values, for sub-workflows and continued executions (client starts keep them in the instance's
    /// metadata). Null in histories written before they were recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>Attributes of <see cref="EventType.WorkflowTaskStarted"/>.</summary>
public sealed record WorkflowTaskStartedAttributes : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.WorkflowTaskStarted;
}

/// <summary>Attributes of <see cref="EventType.ActivityScheduled"/>.</summary>
/// <param name="Name">The registered activity name.</param>
/// <param name="Queue">The queue the activity runs on.</param>
/// <param name="Inputs">One encoded payload per argument.</param>
/// <param name="Attempt">The attempt number, from 1.</param>
/// <param name="StartToCloseTimeout">How long one attempt may run on a worker.</param>
public sealed record ActivityScheduledAttributes(string Name, string Queue, IReadOnlyList<string?> Inputs, int Attempt = 1, TimeSpan? StartToCloseTimeout = null) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.ActivityScheduled;
    internal override string Describe() => $" {Name}";

    /// <summary>
    /// Values carried to the activity: the trace context of the span that scheduled it and the instance's propagated
    /// values. Null in histories written before they were recorded, and when there is nothing to carry.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>Attributes of <see cref="EventType.ActivityCompleted"/>.</summary>
/// <param name="Result">The encoded result, null for activities without a result.</param>
public sealed record ActivityCompletedAttributes(string? Result) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.ActivityCompleted;
}

/// <summary>Attributes of <see cref="EventType.ActivityFailed"/>.</summary>
/// <param name="Error">What the activity threw.</param>
public sealed record ActivityFailedAttributes(WorkflowError Error) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.ActivityFailed;
    internal override string Describe() => $" {Error.Type}";
}

/// <summary>Attributes of <see cref="EventType.TimerScheduled"/>.</summary>
/// <param name="FireAt">When the timer is due.</param>
public sealed record TimerScheduledAttributes(DateTimeOffset FireAt) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.TimerScheduled;
}

/// <summary>Attributes of <see cref="EventType.TimerFired"/>.</summary>
/// <param name="FireAt">When the timer was due.</param>
public sealed record TimerFiredAttributes(DateTimeOffset FireAt) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.TimerFired;
}

/// <summary>Attributes of <see cref="EventType.TimerCanceled"/>.</summary>
public sealed record TimerCanceledAttributes : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.TimerCanceled;
}

/// <summary>Attributes of <see cref="EventType.SignalReceived"/>.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="Value">The encoded value.</param>
public sealed record SignalReceivedAttributes(string Name, string? Value) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.SignalReceived;
    internal override string Describe() => $" {Name}";
}

/// <summary>Attributes of <see cref="EventType.SideEffectResult"/>.</summary>
/// <param name="Result">The encoded result of the side effect.</param>
public sealed record SideEffectResultAttributes(string? Result) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.SideEffectResult;
}

/// <summary>Attributes of <see cref="EventType.SubWorkflowScheduled"/>.</summary>
/// <param name="Name">The sub-workflow's registered name.</param>
/// <param name="InstanceId">The sub-workflow's instance id.</param>
/// <param name="ExecutionId">The sub-workflow's execution id.</param>
/// <param name="Queue">The queue the sub-workflow runs on.</param>
/// <param name="Inputs">One encoded payload per argument.</param>
public sealed record SubWorkflowScheduledAttributes(string Name, string InstanceId, string ExecutionId, string Queue, IReadOnlyList<string?> Inputs) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.SubWorkflowScheduled;
    internal override string Describe() => $" {Name} '{InstanceId}'";
}

/// <summary>Attributes of <see cref="EventType.SubWorkflowCompleted"/>.</summary>
/// <param name="Result">The encoded result.</param>
public sealed record SubWorkflowCompletedAttributes(string? Result) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.SubWorkflowCompleted;
}

/// <summary>Attributes of <see cref="EventType.SubWorkflowFailed"/>.</summary>
/// <param name="Error">Why the sub-workflow failed or could not start.</param>
public sealed record SubWorkflowFailedAttributes(WorkflowError Error) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.SubWorkflowFailed;
    internal override string Describe() => $" {Error.Type}";
}

/// <summary>Attributes of <see cref="EventType.SubWorkflowCancellationRequested"/>.</summary>
/// <param name="InstanceId">The sub-workflow's instance id.</param>
public sealed record SubWorkflowCancellationRequestedAttributes(string InstanceId) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.SubWorkflowCancellationRequested;
}

/// <summary>Attributes of <see cref="EventType.WorkflowCancellationRequested"/>.</summary>
public sealed record WorkflowCancellationRequestedAttributes : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.WorkflowCancellationRequested;
}

/// <summary>Attributes of <see cref="EventType.WorkflowExecutionContinuedAsNew"/>.</summary>
/// <param name="Result">The value the old execution reports.</param>
/// <param name="NewExecutionId">The execution that continues the instance.</param>
public sealed record ContinuedAsNewAttributes(string? Result, string NewExecutionId) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.WorkflowExecutionContinuedAsNew;
}

/// <summary>Attributes of <see cref="EventType.WorkflowExecutionFinished"/>.</summary>
/// <param name="Result">The encoded result when the workflow returned.</param>
/// <param name="Error">The error when it threw.</param>
public sealed record ExecutionFinishedAttributes(string? Result, WorkflowError? Error) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.WorkflowExecutionFinished;
}

/// <summary>Attributes of <see cref="EventType.WorkflowExecutionTerminated"/>.</summary>
/// <param name="Reason">Why the execution was terminated.</param>
public sealed record ExecutionTerminatedAttributes(string? Reason) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.WorkflowExecutionTerminated;
}

/// <summary>
/// Attributes of <see cref="EventType.PatchMarkerRecorded"/>: the execution took the patched branch of the change
/// <paramref name="PatchId"/>. Its schedule event id is the id the next command of the code was given; the marker
/// itself takes none, so a history recorded before the patch existed numbers its commands the same way.
/// </summary>
/// <param name="PatchId">The patch id the code passed.</param>
/// <param name="Deprecated">Recorded by <c>ctx.DeprecatePatch</c>: replay accepts the marker even where the code no longer asks for it.</param>
public sealed record PatchMarkerAttributes(string PatchId, bool Deprecated = false) : EventAttributes
{
    /// <inheritdoc />
    public override EventType Type => EventType.PatchMarkerRecorded;
    internal override string Describe() => $" '{PatchId}'" + (Deprecated ? " (deprecated)" : "");
}
