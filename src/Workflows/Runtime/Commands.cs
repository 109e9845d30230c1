using Workflows.Serialization;
using Workflows.History;

namespace Workflows.Runtime;

/// <summary>Where a command stands relative to the history.</summary>
internal enum CommandState
{
    /// <summary>Produced by the code in this task and not yet recorded: it becomes an event at the end of the task.</summary>
    New,
    /// <summary>Recorded in the history (or matched against it during replay).</summary>
    Committed,
    /// <summary>Dropped before it was ever recorded (a timer or sub-workflow cancelled in the task that created it).</summary>
    Dropped,
}

/// <summary>
/// Something the workflow code asked for. Identified by its schedule event id, the workflow's own deterministic
/// counter; replay matches each recorded command event to the command with the same id, and compares what the event records.
/// </summary>
internal abstract class Command(long id)
{
    public long Id { get; } = id;

    public CommandState State { get; set; } = CommandState.New;

    /// <summary>The event kind this command records.</summary>
    public abstract EventType EventType { get; }

    /// <summary>A short description for non-determinism messages, e.g. <c>ActivityScheduled(3) Charge</c>.</summary>
    public abstract string Describe();

    /// <summary>
    /// Null when the recorded event is what this command would have recorded; otherwise what differs, for the
    /// non-determinism message. Everything the history records about the call is compared where the code
    /// reproduces it exactly (kind, name, encoded inputs, attempt), so two calls of one activity with different
    /// arguments never take each other's results.
    /// </summary>
    public virtual string? Difference(HistoryEvent recorded, IPayloadConverter converter) => recorded.Type == EventType ? null : "another kind of command";

    /// <summary>Called when the recorded event was matched during replay (e.g. to adopt recorded ids or results).</summary>
    public virtual void OnReplayed(HistoryEvent recorded)
    {
    }

    /// <summary>Whether the code still waits for this command's completion.</summary>
    public virtual bool IsOutstanding => false;
}

/// <summary>
/// The task a call returns, typed as the workflow code awaits it. A typed call's result then needs no second task to
/// cast it from <see cref="object"/>: that was an async state machine and a hop through the workflow scheduler per call.
/// </summary>
internal interface ICallCompletion
{
    Task Task { get; }

    /// <summary>Completes the task with a value decoded as the call's result type.</summary>
    bool TrySetValue(object? value);

    bool TrySetException(Exception exception);
}

internal sealed class CallCompletion<T> : TaskCompletionSource<T>, ICallCompletion
{
    Task ICallCompletion.Task => Task;

    public bool TrySetValue(object? value)
    {
        T typed;
        try
        {
            typed = (T)value!;
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException)
        {
            // What the awaiting code saw when it cast the result itself.
            return TrySetException(ex);
        }

        return TrySetResult(typed);
    }
}

internal sealed class ScheduleActivityCommand(long id, string name, string queue, IReadOnlyList<string?> inputs, Type resultType, int attempt, TimeSpan? startToClose, ICallCompletion completion) : Command(id)
{
    public string Name { get; } = name;
    public int Attempt { get; } = attempt;
    public TimeSpan? StartToClose { get; } = startToClose;
    public string Queue { get; } = queue;
    public IReadOnlyList<string?> Inputs { get; } = inputs;
    public Type ResultType { get; } = resultType;
    public ICallCompletion Completion { get; } = completion;
    public override EventType EventType => EventType.ActivityScheduled;
    public override string Describe() => $"ActivityScheduled({Id}) {Name}";
    public override string? Difference(HistoryEvent recorded, IPayloadConverter converter) => recorded.Attributes switch
    {
        ActivityScheduledAttributes a when a.Name != Name => "another activity",
        ActivityScheduledAttributes a when a.Attempt != Attempt => $"attempt {Attempt}, where the history records attempt {a.Attempt}",
        ActivityScheduledAttributes a => InputMatching.Difference(a.Inputs, Inputs, converter),
        _ => "another kind of command",
    };
    public override bool IsOutstanding => !Completion.Task.IsCompleted;
}

internal sealed class ScheduleTimerCommand(long id, DateTimeOffset fireAt) : Command(id)
{
    public DateTimeOffset FireAt { get; private set; } = fireAt;
    public TaskCompletionSource<object?> Completion { get; } = new();
    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>A cancellation that must still be recorded (the timer was committed before it was cancelled).</summary>
    public CancelTimerCommand? Cancel { get; set; }

    public override EventType EventType => EventType.TimerScheduled;
    public override string Describe() => $"TimerScheduled({Id})";
    public override bool IsOutstanding => !Completion.Task.IsCompleted;

    // The due time is computed from ctx.Now, which replays exactly; adopt the recorded one regardless.
    public override void OnReplayed(HistoryEvent recorded) => FireAt = ((TimerScheduledAttributes)recorded.Attributes).FireAt;
}

internal sealed class CancelTimerCommand(long id) : Command(id)
{
    public override EventType EventType => EventType.TimerCanceled;
    public override string Describe() => $"TimerCanceled({Id})";
}

internal sealed class SideEffectCommand(long id, Type resultType, ICallCompletion completion) : Command(id)
{
    public Type ResultType { get; } = resultType;
    public string? Result { get; set; }
    public ICallCompletion Completion { get; } = completion;
    public override EventType EventType => EventType.SideEffectResult;
    public override string Describe() => $"SideEffectResult({Id})";
    public override bool IsOutstanding => !Completion.Task.IsCompleted;
}

internal sealed class ScheduleSubWorkflowCommand(long id, string name, string instanceId, string executionId, string queue, IReadOnlyList<string?> inputs, Type resultType, ICallCompletion completion) : Command(id)
{
    public string Name { get; } = name;
    public string InstanceId { get; } = instanceId;
    public string ExecutionId { get; private set; } = executionId;
    public string Queue { get; } = queue;
    public IReadOnlyList<string?> Inputs { get; } = inputs;
    public Type ResultType { get; } = resultType;
    public ICallCompletion Completion { get; } = completion;
    public CancellationTokenRegistration Registration { get; set; }
    public CancelSubWorkflowCommand? Cancel { get; set; }
    public override EventType EventType => EventType.SubWorkflowScheduled;
    public override string Describe() => $"SubWorkflowScheduled({Id}) {Name} '{InstanceId}'";

    public override string? Difference(HistoryEvent recorded, IPayloadConverter converter) => recorded.Attributes switch
    {
        SubWorkflowScheduledAttributes a when a.Name != Name => "another workflow",
        SubWorkflowScheduledAttributes a when a.InstanceId != InstanceId => $"instance id '{InstanceId}', where the history records '{a.InstanceId}'",
        SubWorkflowScheduledAttributes a => InputMatching.Difference(a.Inputs, Inputs, converter),
        _ => "another kind of command",
    };

    // Execution ids are random; the recorded one is the truth (cancellation is addressed to it).
    public override void OnReplayed(HistoryEvent recorded) => ExecutionId = ((SubWorkflowScheduledAttributes)recorded.Attributes).ExecutionId;

    public override bool IsOutstanding => !Completion.Task.IsCompleted;
}

internal sealed class CancelSubWorkflowCommand(long id, ScheduleSubWorkflowCommand target) : Command(id)
{
    public ScheduleSubWorkflowCommand Target { get; } = target;
    public override EventType EventType => EventType.SubWorkflowCancellationRequested;
    public override string Describe() => $"SubWorkflowCancellationRequested({Id}) '{Target.InstanceId}'";
}

internal sealed class CompleteWorkflowCommand(long id, WorkflowStatus status, string? result, WorkflowError? error, IReadOnlyList<string?>? continueAsNewInputs = null) : Command(id)
{
    public IReadOnlyList<string?>? ContinueAsNewInputs { get; } = continueAsNewInputs;

    public WorkflowStatus Status { get; } = status;
    public string? Result { get; } = result;
    public WorkflowError? Error { get; } = error;
    public override EventType EventType => EventType.WorkflowExecutionFinished;
    public override string Describe() => $"WorkflowExecutionFinished({Status})";
}

/// <summary>Compares the encoded inputs a history records with those the code produced on replay.</summary>
internal static class InputMatching
{
    private const int Shown = 80;

    /// <summary>Null when equal (ordinal, argument by argument); otherwise which argument differs and how.</summary>
    public static string? Difference(IReadOnlyList<string?>? recorded, IReadOnlyList<string?> produced, IPayloadConverter converter)
    {
        recorded ??= [];
        if (recorded.Count != produced.Count)
        {
            return $"{produced.Count} argument(s), where the history records {recorded.Count}";
        }

        for (int i = 0; i < recorded.Count; i++)
        {
            if (!string.Equals(recorded[i], produced[i], StringComparison.Ordinal) && !CodecPayloadConverter.SameContent(converter, recorded[i], produced[i]))
            {
                return $"argument {i} = {Show(produced[i])}, where the history records {Show(recorded[i])}";
            }
        }

        return null;
    }

    private static string Show(string? payload)
        => payload is null ? "null" : payload.Length <= Shown ? payload : payload[..Shown] + $"... ({payload.Length} chars)";
}
