using System.Diagnostics;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    /// <summary>
    /// Turns the commands the code produced in this task into history events and side outputs (activity tasks,
    /// timers, events for other instances), in the order the code produced them; the final event comes last.
    /// </summary>
    private WorkflowTaskCompletion BuildCompletion(WorkflowTask task, List<HistoryEvent> executed)
    {
        var now = Now;
        var activities = new List<HistoryEvent>();
        var timers = new List<HistoryEvent>();
        var canceledTimers = new List<long>();
        var outgoing = new List<OutgoingEvent>();
        CompleteWorkflowCommand? completion = null;
        foreach (var command in _newCommands)
        {
            if (command.State != CommandState.New)
            {
                continue;
            }

            command.State = CommandState.Committed;
            switch (command)
            {
                case ScheduleActivityCommand activity:
                    var scheduled = HistoryEvent.Create(now, new ActivityScheduledAttributes(activity.Name, activity.Queue, activity.Inputs, activity.Attempt, activity.StartToClose) { Headers = ActivitySpan(activity) }, activity.Id);
                    executed.Add(scheduled);
                    activities.Add(scheduled);
                    break;
                case ScheduleTimerCommand timer:
                    CommandSpan("ScheduleTimer", null, timer.Id);
                    executed.Add(HistoryEvent.Create(now, new TimerScheduledAttributes(timer.FireAt), timer.Id));
                    timers.Add(HistoryEvent.Create(now, new TimerFiredAttributes(timer.FireAt), timer.Id, visibleAt: timer.FireAt));
                    break;
                case CancelTimerCommand cancelTimer:
                    executed.Add(HistoryEvent.Create(now, new TimerCanceledAttributes(), cancelTimer.Id));
                    canceledTimers.Add(cancelTimer.Id);
                    _commands.Remove(cancelTimer.Id);
                    break;
                case SideEffectCommand sideEffect:
                    CommandSpan("SideEffect", null, sideEffect.Id);
                    executed.Add(HistoryEvent.Create(now, new SideEffectResultAttributes(sideEffect.Result), sideEffect.Id));
                    _commands.Remove(sideEffect.Id);
                    break;
                case ScheduleSubWorkflowCommand sub:
                    executed.Add(HistoryEvent.Create(now, new SubWorkflowScheduledAttributes(sub.Name, sub.InstanceId, sub.ExecutionId, sub.Queue, sub.Inputs), sub.Id));
                    var child = new WorkflowInstance(sub.InstanceId, sub.ExecutionId);
                    var parent = new ParentReference(Instance.InstanceId, Instance.ExecutionId, sub.Id);
                    outgoing.Add(new OutgoingEvent(child, HistoryEvent.Create(now, new ExecutionStartedAttributes(sub.Name, sub.Queue, sub.Inputs, parent) { Headers = CommandSpan("StartChildWorkflow", sub.Name, sub.Id, ActivityKind.Producer) })));
                    break;
                case CancelSubWorkflowCommand cancelSub:
                    executed.Add(HistoryEvent.Create(now, new SubWorkflowCancellationRequestedAttributes(cancelSub.Target.InstanceId), cancelSub.Id));
                    outgoing.Add(new OutgoingEvent(
                        new WorkflowInstance(cancelSub.Target.InstanceId, cancelSub.Target.ExecutionId),
                        HistoryEvent.Create(now, new WorkflowCancellationRequestedAttributes())));
                    break;
                case PatchMarkerCommand marker:
                    executed.Add(HistoryEvent.Create(now, new PatchMarkerAttributes(marker.PatchId, marker.Deprecated), marker.Id));
                    break;
                case CompleteWorkflowCommand complete:
                    completion = complete;
                    break;
            }
        }

        _newCommands.Clear();
        if (completion is null && LastSequenceId + executed.Count > MaxHistoryLength)
        {
            completion = FailForHistoryLimit(executed, activities, timers, canceledTimers, outgoing);
        }

        if (completion is { Status: WorkflowStatus.ContinuedAsNew })
        {
            string newExecutionId = Guid.NewGuid().ToString("N");
            executed.Add(HistoryEvent.Create(now, new ContinuedAsNewAttributes(completion.Result, newExecutionId), completion.Id));
            var next = new WorkflowInstance(Instance.InstanceId, newExecutionId);

            // The new execution keeps the parent, which hears only from the last execution; signals this one
            // never took move over in arrival order.
            outgoing.Add(new OutgoingEvent(next, HistoryEvent.Create(now, new ExecutionStartedAttributes(Started!.Name, Started.Queue, completion.ContinueAsNewInputs!, Started.Parent) { Headers = _headers })));
            foreach (var (name, payload) in UnconsumedSignals())
            {
                outgoing.Add(new OutgoingEvent(next, HistoryEvent.Create(now, new SignalReceivedAttributes(name, payload))));
            }
        }
        else if (completion is not null)
        {
            executed.Add(HistoryEvent.Create(now, new ExecutionFinishedAttributes(completion.Result, completion.Error), completion.Id));
            if (Started?.Parent is { } parentRef)
            {
                EventAttributes report = completion.Status == WorkflowStatus.Completed
                    ? new SubWorkflowCompletedAttributes(completion.Result)
                    : new SubWorkflowFailedAttributes(completion.Error!);
                outgoing.Add(new OutgoingEvent(
                    new WorkflowInstance(parentRef.InstanceId, parentRef.ExecutionId),
                    HistoryEvent.Create(now, report, parentRef.ScheduleEventId)));
            }
        }

        for (int i = 0; i < executed.Count; i++)
        {
            executed[i] = executed[i] with { SequenceId = LastSequenceId + 1 + i };
        }

        LastSequenceId += executed.Count;
        var consumed = new string[task.NewEvents.Count];
        for (int i = 0; i < consumed.Length; i++)
        {
            consumed[i] = task.NewEvents[i].Id;
        }

        _completion ??= completion;
        return new WorkflowTaskCompletion
        {
            Status = completion?.Status ?? WorkflowStatus.Running,
            ExecutedEvents = executed,
            ConsumedEventIds = consumed,
            Activities = activities,
            Timers = timers,
            CanceledTimers = canceledTimers,
            OutgoingEvents = outgoing,
            Result = completion?.Result,
            Error = completion?.Error,
        };
    }

    // The task would grow the history past the limit: record what arrived, drop what the code asked for, and
    // end the execution with an error that says why.
    private CompleteWorkflowCommand FailForHistoryLimit(List<HistoryEvent> executed, List<HistoryEvent> activities, List<HistoryEvent> timers, List<long> canceledTimers, List<OutgoingEvent> outgoing)
    {
        int keep = 1 + _appliedNewEvents;
        executed.RemoveRange(keep, executed.Count - keep);
        activities.Clear();
        timers.Clear();
        canceledTimers.Clear();
        outgoing.Clear();
        var error = WorkflowError.FromException(new HistoryLimitExceededException(
            $"Workflow '{Started?.Name}' ({Instance}) exceeded the maximum history length of {MaxHistoryLength} events; use ContinueAsNew to keep histories short."));
        return new CompleteWorkflowCommand(++_lastScheduleEventId, WorkflowStatus.Failed, null, error with { StackTrace = null }) { State = CommandState.Committed };
    }
}
