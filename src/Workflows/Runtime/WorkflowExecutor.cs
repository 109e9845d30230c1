using Microsoft.Extensions.Logging;
using Workflows.Backends;
using Workflows.History;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Runtime;

/// <summary>
/// Runs one workflow execution: applies history events in order on the instance's own
/// <see cref="WorkflowScheduler"/>, runs the code until it blocks after each, and turns what the code asked for
/// into commands. A cached executor keeps its state between workflow tasks, so a new batch of events runs
/// incrementally; a fresh one replays the whole history first, matching every recorded command event against
/// the command the code produces.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The cancellation source never has a timer; executors are dropped, not disposed.")]
internal sealed partial class WorkflowExecutor
{
    private readonly WorkflowRegistry _registry;
    private readonly IPayloadConverter _converter;
    private readonly TimeProvider _clock;
    private readonly WorkflowScheduler _scheduler = new();
    private readonly Dictionary<long, Command> _commands = [];
    private readonly List<Command> _newCommands = [];
    private readonly CancellationTokenSource _cancellation = new();
    private long _lastScheduleEventId;
    private Task<object?>? _main;
    private Type? _resultType;
    private CompleteWorkflowCommand? _completion;
    private WorkflowRuntimeViolationException? _violation;
    private int _appliedNewEvents;

    // The monotonic timestamp at which the last live task took its time (see TaskTime).
    private long? _liveTaskTimestamp;

    // Recorded side-effect results of the history being replayed, by schedule id: a side effect completes when the
    // code asks for it, as it did live, not when its event (written at the end of its task) is applied.
    private Dictionary<long, SideEffectResultAttributes>? _recordedSideEffects;

    public WorkflowExecutor(WorkflowInstance instance, WorkflowRegistry registry, IPayloadConverter converter, ILogger logger, TimeProvider clock, int maxPayloadSize = int.MaxValue, long maxHistoryLength = long.MaxValue)
    {
        Instance = instance;
        MaxPayloadSize = maxPayloadSize;
        MaxHistoryLength = maxHistoryLength;
        _registry = registry;
        _converter = converter;
        _clock = clock;
        Context = new WorkflowContext(this, logger, disconnected: false);
    }

    public WorkflowInstance Instance { get; }

    public WorkflowContext Context { get; }

    public IPayloadConverter Converter => _converter;

    /// <summary>The largest encoded payload the backend accepts.</summary>
    public int MaxPayloadSize { get; }

    /// <summary>The longest history an execution may have; the task that would exceed it fails the execution instead.</summary>
    public long MaxHistoryLength { get; }

    /// <summary>The sequence id of the last history event this executor has applied or produced.</summary>
    public long LastSequenceId { get; private set; }

    public bool IsReplaying { get; private set; }

    /// <summary>The workflow's time: the timestamp of the current workflow task.</summary>
    public DateTimeOffset Now { get; private set; }

    public ExecutionStartedAttributes? Started { get; private set; }

    public CancellationToken CancellationToken => _cancellation.Token;

    public WorkflowScheduler Scheduler => _scheduler;

    /// <summary>Whether the execution has produced its final event.</summary>
    public bool IsFinished => _completion is not null;

    /// <summary>
    /// Runs one workflow task. <paramref name="history"/> is the committed history to replay first: empty for a
    /// cached executor or a new instance. Throws <see cref="NonDeterminismException"/>,
    /// <see cref="WorkflowRuntimeViolationException"/> or <see cref="NotRegisteredException"/> when the task cannot
    /// be committed; the executor must then be discarded.
    /// </summary>
    public WorkflowTaskCompletion Execute(WorkflowTask task, IReadOnlyList<HistoryEvent> history)
    {
        using var span = StartTaskSpan(task, history);
        bool built = false;
        _scheduler.Enter();
        try
        {
            ThrowIfViolated();
            if (_scheduler.ForeignQueueDetected)
            {
                throw ForeignAwait();
            }

            if (history.Count > 0)
            {
                Replay(history);
            }

            if (LastSequenceId != task.LastSequenceId)
            {
                throw new InvalidOperationException($"Executor of {Instance} is at sequence id {LastSequenceId} but the task continues from {task.LastSequenceId}.");
            }

            IsReplaying = false;
            _appliedNewEvents = task.NewEvents.Count;
            var executed = new List<HistoryEvent>(task.NewEvents.Count + 4);
            var taskStarted = HistoryEvent.Create(TaskTime(task), new WorkflowTaskStartedAttributes());
            executed.Add(taskStarted);
            ApplyAndRun(taskStarted);
            for (int i = 0; i < task.NewEvents.Count; i++)
            {
                var e = task.NewEvents[i];
                executed.Add(e);
                ApplyAndRun(e);
            }

            if (_completion is null && _main is not null && !HasOutstandingWork())
            {
                throw ForeignAwait();
            }

            var completion = BuildCompletion(task, executed);
            built = true;
            return completion;
        }
        catch (Exception ex) when (Diagnostics.Telemetry.Failed(span, ex))
        {
            throw; // never reached: the filter only marks the span
        }
        finally
        {
            _scheduler.Exit();
            EndTask(built);
        }
    }

    /// <summary>
    /// The time of a live task, which becomes the workflow's time: the backend's claim time, so that durable timers
    /// follow the database clock rather than this worker's. A task no backend claimed (a step run ahead on this
    /// cached executor) continues from the previous task's time by the time elapsed here since, measured on a
    /// monotonic clock, so a wrong wall clock on this worker still does not leak in. Never earlier than the
    /// previous task's time.
    /// </summary>
    private DateTimeOffset TaskTime(WorkflowTask task)
    {
        long takenAt = _clock.GetTimestamp();
        DateTimeOffset time;
        if (task.ClaimedAt is { } claimed)
        {
            time = claimed;
        }
        else if (_liveTaskTimestamp is { } previous)
        {
            time = Now + _clock.GetElapsedTime(previous, takenAt);
        }
        else
        {
            time = _clock.GetUtcNow();
        }

        _liveTaskTimestamp = takenAt;
        return time < Now ? Now : time;
    }

    /// <summary>
    /// Replays a recorded history without making progress (replayers, tests): every recorded command must match what
    /// the code produces, and nothing the code produces may be missing from the history.
    /// </summary>
    public void ReplayOnly(IReadOnlyList<HistoryEvent> history)
    {
        _scheduler.Enter();
        try
        {
            Replay(history);
        }
        finally
        {
            _scheduler.Exit();
        }
    }

    private void Replay(IReadOnlyList<HistoryEvent> history)
    {
        IsReplaying = true;
        IndexAhead(history);
        for (int i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (e.SequenceId != LastSequenceId + 1)
            {
                throw new InvalidOperationException($"History of {Instance} is not contiguous: expected sequence id {LastSequenceId + 1}, read {e.SequenceId}.");
            }

            ApplyAndRun(e);
            LastSequenceId = e.SequenceId;
        }

        _recordedSideEffects = null;
        _recordedPatches = null;

        // Every command of a committed task is recorded at the end of that task, so after the whole history
        // nothing may be left that the history does not know.
        foreach (var command in _newCommands)
        {
            if (command.State == CommandState.New)
            {
                throw new NonDeterminismException(
                    $"Non-determinism in {Instance}: the workflow code produced {command.Describe()}, which the history does not record (history ends at sequence id {LastSequenceId}).",
                    LastSequenceId + 1, recorded: null, produced: command.Describe());
            }
        }
    }

    private void ApplyAndRun(HistoryEvent e)
    {
        Apply(e);
        _scheduler.RunUntilBlocked();
        AfterRun();
        ThrowIfViolated();
        CheckMainCompleted();
    }

    private void Apply(HistoryEvent e)
    {
        switch (e.Attributes)
        {
            case ExecutionStartedAttributes started:
                StartWorkflow(started);
                break;
            case WorkflowTaskStartedAttributes:
                Now = e.Timestamp;
                break;
            case ActivityScheduledAttributes:
            case TimerScheduledAttributes:
            case SubWorkflowScheduledAttributes:
                MatchCommand(e);
                break;
            case SideEffectResultAttributes:
                // Completed from the recorded result when the code asked for it (TakeRecordedSideEffect).
                _commands.Remove(MatchCommand(e).Id);
                break;
            case TimerCanceledAttributes:
            case SubWorkflowCancellationRequestedAttributes:
                MatchCancel(e);
                break;
            case ExecutionFinishedAttributes finished:
                MatchCompletion(e, finished.Error, WorkflowStatus.Completed);
                break;
            case ContinuedAsNewAttributes:
                MatchCompletion(e, null, WorkflowStatus.ContinuedAsNew);
                break;
            case ActivityCompletedAttributes completed:
                if (Find<ScheduleActivityCommand>(e) is { } activity)
                {
                    CompleteDecoded(activity, activity.Completion, completed.Result, activity.ResultType);
                }

                break;
            case ActivityFailedAttributes failed:
                if (Find<ScheduleActivityCommand>(e) is { } failedActivity)
                {
                    Fail(failedActivity, failedActivity.Completion, new ActivityFailedException(failedActivity.Name, failed.Error));
                }

                break;
            case TimerFiredAttributes:
                // A timer that was cancelled may still fire (its event raced the cancellation): ignore it.
                if (Find<ScheduleTimerCommand>(e) is { Cancel: null } timer)
                {
                    Complete(timer, timer.Completion, null);
                }

                break;
            case SubWorkflowCompletedAttributes subCompleted:
                if (Find<ScheduleSubWorkflowCommand>(e) is { } sub)
                {
                    CompleteDecoded(sub, sub.Completion, subCompleted.Result, sub.ResultType);
                }

                break;
            case SubWorkflowFailedAttributes subFailed:
                if (Find<ScheduleSubWorkflowCommand>(e) is { } failedSub)
                {
                    Fail(failedSub, failedSub.Completion, new SubWorkflowFailedException(failedSub.Name, failedSub.InstanceId, subFailed.Error));
                }

                break;
            case WorkflowCancellationRequestedAttributes:
                if (!_cancellation.IsCancellationRequested)
                {
                    // Cancel on the scheduler, so registrations (timers, sub-workflows, user callbacks) run as workflow code.
                    Task.Factory.StartNew(_cancellation.Cancel, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler);
                }

                break;
            case SignalReceivedAttributes signal:
                OnSignal(signal);
                break;
            case PatchMarkerAttributes marker:
                MatchPatchMarker(e, marker);
                break;
            case ExecutionTerminatedAttributes:
                break;
        }
    }

    private void StartWorkflow(ExecutionStartedAttributes started)
    {
        if (!_registry.TryGetWorkflow(started.Name, out var definition) && !Worker.BuiltInWorkflows.TryGet(started.Name, out definition))
        {
            throw new NotRegisteredException("Workflow", started.Name);
        }

        Started = started;
        _resultType = definition.ResultType;
        var arguments = new PayloadArguments(started.Inputs, _converter, $"workflow '{started.Name}'");
        _main = Task.Factory.StartNew(
            () => Invoke(definition, arguments),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            _scheduler).Unwrap();
    }

    private T? Find<T>(HistoryEvent e)
        where T : Command
        => _commands.TryGetValue(e.ScheduleEventId, out var command) ? command as T : null;

    // Separate methods, not one taking a lambda: a lambda here would make every call of Apply allocate the closure
    // that all of its cases share.
    private void CompleteDecoded(Command command, ICallCompletion completion, string? payload, Type type)
    {
        object? value;
        try
        {
            value = Decode(payload, type);
        }
        catch (Exception ex)
        {
            Fail(command, completion, ex);
            return;
        }

        completion.TrySetValue(value);
        Forget(command);
    }

    private void Complete(Command command, TaskCompletionSource<object?> completion, object? value)
    {
        completion.TrySetResult(value);
        Forget(command);
    }

    private void Fail(Command command, ICallCompletion completion, Exception error)
    {
        completion.TrySetException(error);
        Forget(command);
    }

    private void Forget(Command command)
    {
        // A completed command is never looked up again; dropping it keeps memory flat as the history grows.
        if (command.State == CommandState.Committed)
        {
            _commands.Remove(command.Id);
        }
    }

    private object? Decode(string? payload, Type type) => type == typeof(void) ? null : _converter.Deserialize(payload, type);

    private Command MatchCommand(HistoryEvent recorded)
    {
        if (!_commands.TryGetValue(recorded.ScheduleEventId, out var command) || command.State == CommandState.Dropped)
        {
            throw new NonDeterminismException(
                $"Non-determinism in {Instance} at sequence id {recorded.SequenceId}: the history records {recorded}, but the workflow code produced no command with schedule id {recorded.ScheduleEventId}.",
                recorded.SequenceId, recorded.ToString(), produced: null);
        }

        if (command.State != CommandState.New)
        {
            throw Mismatch(recorded, command);
        }

        if (command.Difference(recorded, _converter) is { } difference)
        {
            throw new NonDeterminismException(
                $"Non-determinism in {Instance} at sequence id {recorded.SequenceId}: the history records {recorded}, but the workflow code produced {command.Describe()} with {difference}.",
                recorded.SequenceId, recorded.ToString(), command.Describe());
        }

        command.State = CommandState.Committed;
        command.OnReplayed(recorded);
        _newCommands.Remove(command);
        return command;
    }

    private void MatchCancel(HistoryEvent recorded)
    {
        Command? cancel = _commands.TryGetValue(recorded.ScheduleEventId, out var target) ? target switch
        {
            ScheduleTimerCommand timer when recorded.Type == EventType.TimerCanceled => timer.Cancel,
            ScheduleSubWorkflowCommand sub when recorded.Type == EventType.SubWorkflowCancellationRequested => sub.Cancel,
            _ => null,
        } : null;
        if (cancel is not { State: CommandState.New })
        {
            throw new NonDeterminismException(
                $"Non-determinism in {Instance} at sequence id {recorded.SequenceId}: the history records {recorded}, but the workflow code did not cancel {target?.Describe() ?? $"anything with schedule id {recorded.ScheduleEventId}"}.",
                recorded.SequenceId, recorded.ToString(), target?.Describe());
        }

        cancel.State = CommandState.Committed;
        _newCommands.Remove(cancel);
        if (target is ScheduleTimerCommand)
        {
            // A cancelled timer is done; a cancelled sub-workflow still reports how it ended.
            _commands.Remove(recorded.ScheduleEventId);
        }
    }

    private void MatchCompletion(HistoryEvent recorded, WorkflowError? error, WorkflowStatus kind)
    {
        if (error?.Type == typeof(HistoryLimitExceededException).FullName)
        {
            // The runtime, not the code, ended this execution: nothing to match.
            _completion = new CompleteWorkflowCommand(recorded.ScheduleEventId, WorkflowStatus.Failed, null, error) { State = CommandState.Committed };
            _newCommands.Clear();
            return;
        }

        bool matches = _completion is { State: CommandState.New } c
            && (kind == WorkflowStatus.ContinuedAsNew) == (c.Status == WorkflowStatus.ContinuedAsNew)
            && (error is null) == (c.Error is null);
        if (!matches)
        {
            string recordedOutcome = kind == WorkflowStatus.ContinuedAsNew ? "continued as new" : error is null ? "completed" : "failed";
            throw new NonDeterminismException(
                $"Non-determinism in {Instance} at sequence id {recorded.SequenceId}: the history records {recorded} ({recordedOutcome}), but the workflow code {(_completion is null ? "has not finished" : $"produced {_completion.Describe()}")}.",
                recorded.SequenceId, recorded.ToString(), _completion?.Describe());
        }

        _completion!.State = CommandState.Committed;
        _newCommands.Remove(_completion);
    }

    private NonDeterminismException Mismatch(HistoryEvent recorded, Command command)
        => new(
            $"Non-determinism in {Instance} at sequence id {recorded.SequenceId}: the history records {recorded}, but the workflow code produced {command.Describe()}.",
            recorded.SequenceId, recorded.ToString(), command.Describe());

    private void CheckMainCompleted()
    {
        if (_main is not { IsCompleted: true } || _completion is not null)
        {
            return;
        }

        WorkflowStatus status;
        string? result = null;
        WorkflowError? error = null;
        IReadOnlyList<string?>? continueWith = null;
        if (_main.Exception?.InnerException is ContinueAsNewException continueAsNew)
        {
            status = WorkflowStatus.ContinuedAsNew;
            continueWith = continueAsNew.Inputs;
            try
            {
                result = continueAsNew.HasResult && continueAsNew.Result is { } value
                    ? PayloadLimits.Encode(_converter, value, value.GetType(), MaxPayloadSize, $"result of workflow '{Started?.Name}'")
                    : null;
            }
            catch (Exception ex) when (ex is PayloadException or PayloadTooLargeException)
            {
                status = WorkflowStatus.Failed;
                error = WorkflowError.FromException(ex);
                continueWith = null;
            }
        }
        else if (_main.IsCompletedSuccessfully)
        {
            try
            {
                result = _resultType is null ? null : PayloadLimits.Encode(_converter, _main.Result, _resultType, MaxPayloadSize, $"result of workflow '{Started?.Name}'");
                status = WorkflowStatus.Completed;
            }
            catch (Exception ex) when (ex is PayloadException or PayloadTooLargeException)
            {
                status = WorkflowStatus.Failed;
                error = WorkflowError.FromException(ex);
            }
        }
        else
        {
            var exception = _main.Exception?.InnerException ?? new WorkflowCanceledException();
            if (exception is OperationCanceledException && _cancellation.IsCancellationRequested)
            {
                status = WorkflowStatus.Canceled;
                error = WorkflowError.FromException(exception is WorkflowCanceledException ? exception : new WorkflowCanceledException());
            }
            else
            {
                status = WorkflowStatus.Failed;
                error = WorkflowError.FromException(exception);
            }
        }

        _completion = new CompleteWorkflowCommand(++_lastScheduleEventId, status, result, error, continueWith);
        _newCommands.Add(_completion);
    }

    private bool HasOutstandingWork()
    {
        foreach (var command in _commands.Values)
        {
            if (command.State != CommandState.Dropped && command.IsOutstanding)
            {
                return true;
            }
        }

        return HasSignalWaiters() || HasConditionWaiters();
    }

    private WorkflowRuntimeViolationException ForeignAwait()
        => _violation ??= new WorkflowRuntimeViolationException(
            $"Workflow '{Started?.Name}' ({Instance}) is blocked on something the workflow runtime does not drive: it awaited a task the runtime did not create "
            + "(Task.Delay, Task.Run, an HttpClient or stream call) or left the workflow scheduler with ConfigureAwait(false). "
            + "Workflow code may only await workflow APIs: use ctx.DelayAsync for timers, move I/O into an activity, and never use ConfigureAwait(false) in a workflow.");

    /// <summary>Records a rule violation detected in workflow code; the workflow task fails when control returns to the executor.</summary>
    public WorkflowRuntimeViolationException Violate(string message) => _violation ??= new WorkflowRuntimeViolationException(message);

    private void ThrowIfViolated()
    {
        if (_violation is not null)
        {
            throw _violation;
        }
    }

    /// <summary>Throws unless the caller runs on this instance's scheduler.</summary>
    public void AssertOnScheduler(string api)
    {
        ThrowIfQuerying(api);
        if (TaskScheduler.Current != _scheduler)
        {
            throw Violate(
                $"Workflow API '{api}' was called off the workflow scheduler of {Instance} (after ConfigureAwait(false), inside Task.Run, or from another thread). "
                + "Workflow code must stay on the workflow scheduler: remove ConfigureAwait(false) and use ctx.Go instead of Task.Run.");
        }
    }

    internal long NextScheduleEventId() => ++_lastScheduleEventId;

    // What replay must know before the events that record it are applied: side-effect results and patch markers
    // are written after the code that asked for them ran, but the code needs the answer when it asks.
    private void IndexAhead(IReadOnlyList<HistoryEvent> history)
    {
        for (int i = 0; i < history.Count; i++)
        {
            var e = history[i];
            switch (e.Attributes)
            {
                case SideEffectResultAttributes sideEffect:
                    (_recordedSideEffects ??= [])[e.ScheduleEventId] = sideEffect;
                    break;
                case PatchMarkerAttributes marker:
                    IndexPatchMarker(e, marker);
                    break;
            }
        }
    }

    /// <summary>
    /// During replay, completes <paramref name="command"/> at once from the result its history records, so the code
    /// after the side effect runs at the same point of the schedule as it did live. When the history records no side
    /// effect with this schedule id the command stays pending, and the mismatch is reported where the history
    /// disagrees (the event with this id, or the end of the history).
    /// </summary>
    internal void CompleteFromRecordedSideEffect(SideEffectCommand command)
    {
        if (_recordedSideEffects is null || !_recordedSideEffects.Remove(command.Id, out var recorded))
        {
            return;
        }

        object? value;
        try
        {
            value = Decode(recorded.Result, command.ResultType);
        }
        catch (Exception ex)
        {
            // Live, the code received the value itself; a result that no longer decodes cannot reproduce that run.
            throw Violate($"The recorded result of side effect {command.Id} of workflow '{Started?.Name}' ({Instance}) cannot be decoded as {command.ResultType.Name}: {ex.Message}");
        }

        command.Result = recorded.Result;
        command.Completion.TrySetValue(value);
    }

    internal void AddCommand(Command command)
    {
        _commands.Add(command.Id, command);
        _newCommands.Add(command);
    }

    internal void AddCancelCommand(Command cancel) => _newCommands.Add(cancel);

    internal void DropCommand(Command command)
    {
        command.State = CommandState.Dropped;
        _newCommands.Remove(command);
        _commands.Remove(command.Id);
    }
}
