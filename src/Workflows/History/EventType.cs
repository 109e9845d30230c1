namespace Workflows.History;

/// <summary>The kind of a <see cref="HistoryEvent"/>. Values are persisted; never renumber them.</summary>
public enum EventType
{
    /// <summary>The execution was started with a name and inputs.</summary>
    WorkflowExecutionStarted = 1,
    /// <summary>A workflow task began; its timestamp is the workflow's <c>Now</c> for that task.</summary>
    WorkflowTaskStarted = 2,
    /// <summary>The workflow scheduled an activity.</summary>
    ActivityScheduled = 3,
    /// <summary>An activity returned a result.</summary>
    ActivityCompleted = 4,
    /// <summary>An activity threw.</summary>
    ActivityFailed = 5,
    /// <summary>The workflow started a durable timer.</summary>
    TimerScheduled = 6,
    /// <summary>A durable timer reached its due time.</summary>
    TimerFired = 7,
    /// <summary>The workflow cancelled a durable timer.</summary>
    TimerCanceled = 8,
    /// <summary>A signal was delivered to the instance.</summary>
    SignalReceived = 9,
    /// <summary>The recorded result of a side effect.</summary>
    SideEffectResult = 10,
    /// <summary>The workflow started a sub-workflow.</summary>
    SubWorkflowScheduled = 11,
    /// <summary>A sub-workflow finished with a result.</summary>
    SubWorkflowCompleted = 12,
    /// <summary>A sub-workflow failed (or could not be started).</summary>
    SubWorkflowFailed = 13,
    /// <summary>The workflow asked a sub-workflow to cancel.</summary>
    SubWorkflowCancellationRequested = 14,
    /// <summary>Somebody asked the instance to cancel.</summary>
    WorkflowCancellationRequested = 15,
    /// <summary>The execution ended by continuing as a new execution.</summary>
    WorkflowExecutionContinuedAsNew = 16,
    /// <summary>The execution ended with a result or an error.</summary>
    WorkflowExecutionFinished = 17,
    /// <summary>The execution was ended from outside without running its code.</summary>
    WorkflowExecutionTerminated = 18,
    /// <summary>The workflow code took the patched branch of a change (<c>ctx.IsPatched</c>, <c>ctx.DeprecatePatch</c>).</summary>
    PatchMarkerRecorded = 19,
}
