using Workflows.History;

namespace Workflows.Backends.Tests.Oracle;

/// <summary>One broken invariant: its id (I1...), what is wrong, and how many events it found twice.</summary>
internal sealed record InvariantViolation(string Rule, string Detail, int Duplicates = 0)
{
    public override string ToString() => $"{Rule}: {Detail}";
}

/// <summary>
/// The history invariants of the reliability contract that one execution's history must satisfy on its own
/// (I1, I2, I3, I5, I6 and the sub-workflow analogue of I5). Returns what is violated, empty when nothing is.
/// </summary>
internal static class HistoryInvariants
{
    public static List<InvariantViolation> Check(IReadOnlyList<HistoryEvent> history)
    {
        var violations = new List<InvariantViolation>();

        // I1: sequence ids are contiguous from 1.
        for (int i = 0; i < history.Count; i++)
        {
            if (history[i].SequenceId != i + 1)
            {
                violations.Add(new("I1", $"event {i} has sequence id {history[i].SequenceId}, expected {i + 1}"));
                break;
            }
        }

        // I2: one start; at most one terminal event, and nothing after it.
        int starts = history.Count(e => e.Type == EventType.WorkflowExecutionStarted);
        if (starts != 1)
        {
            violations.Add(new("I2", $"{starts} WorkflowExecutionStarted events", Math.Max(0, starts - 1)));
        }

        var terminal = history.Where(e => IsTerminal(e.Type)).ToList();
        if (terminal.Count > 1)
        {
            violations.Add(new("I2", $"{terminal.Count} terminal events", terminal.Count - 1));
        }
        else if (terminal.Count == 1 && !ReferenceEquals(terminal[0], history[^1]))
        {
            violations.Add(new("I2", $"events follow the terminal event {terminal[0]}"));
        }

        // I3: no duplicate event id.
        foreach (var group in history.GroupBy(e => e.Id).Where(g => g.Count() > 1))
        {
            violations.Add(new("I3", $"event id {group.Key} appears {group.Count()} times", group.Count() - 1));
        }

        bool finished = terminal.Count == 1;

        // I5: each scheduled activity has exactly one completion (at most one while the execution runs).
        CheckCompletions(history, EventType.ActivityScheduled, [EventType.ActivityCompleted, EventType.ActivityFailed], "I5", exactlyOne: finished, violations);
        CheckCompletions(history, EventType.SubWorkflowScheduled, [EventType.SubWorkflowCompleted, EventType.SubWorkflowFailed], "I5 (sub-workflows)", exactlyOne: finished, violations);

        // I6: each timer fires or is cancelled at most once, and is delivered no earlier than due.
        CheckCompletions(history, EventType.TimerScheduled, [EventType.TimerFired, EventType.TimerCanceled], "I6", exactlyOne: false, violations);
        DateTimeOffset taskTime = DateTimeOffset.MinValue;
        foreach (var e in history)
        {
            if (e.Type == EventType.WorkflowTaskStarted)
            {
                taskTime = e.Timestamp;
            }
            else if (e.Attributes is TimerFiredAttributes fired && taskTime < fired.FireAt)
            {
                violations.Add(new("I6", $"{e} was delivered at {taskTime:O}, before its due time {fired.FireAt:O}"));
            }
        }

        return violations;
    }

    private static bool IsTerminal(EventType type)
        => type is EventType.WorkflowExecutionFinished or EventType.WorkflowExecutionContinuedAsNew or EventType.WorkflowExecutionTerminated;

    private static void CheckCompletions(IReadOnlyList<HistoryEvent> history, EventType scheduled, EventType[] completions, string rule, bool exactlyOne, List<InvariantViolation> violations)
    {
        var counts = history.Where(e => completions.Contains(e.Type)).GroupBy(e => e.ScheduleEventId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var e in history.Where(e => e.Type == scheduled))
        {
            int count = counts.GetValueOrDefault(e.ScheduleEventId);
            if (count > 1 || (exactlyOne && count != 1))
            {
                violations.Add(new(rule, $"{e} has {count} completion events", Math.Max(0, count - 1)));
            }
        }

        var scheduledIds = history.Where(e => e.Type == scheduled).Select(e => e.ScheduleEventId).ToHashSet();
        foreach (var id in counts.Keys.Where(id => !scheduledIds.Contains(id)))
        {
            violations.Add(new(rule, $"a completion for schedule id {id}, which this history never scheduled"));
        }
    }
}
