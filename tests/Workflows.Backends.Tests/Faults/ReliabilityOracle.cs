using Workflows.History;
using Workflows.Testing;
using Workflows.TestWorker;
using Workflows.Worker;

namespace Workflows.Backends.Tests.Faults;

/// <summary>
/// The invariants of the reliability contract (RELIABILITY.md, I1–I12), checked after a fault scenario against what the
/// test knows it was promised: which starts and signals were acknowledged, and what each workflow must return.
/// Every breach is collected, so one report shows all of them; the figures feed docs/reliability.md.
/// </summary>
public sealed class ReliabilityOracle
{
    private readonly List<string> _breaches = [];

    /// <summary>The test's record of acknowledged work: instance id → input of a <see cref="TestWorkflows.Mixed"/> workflow.</summary>
    public Dictionary<string, int> Started { get; } = new(StringComparer.Ordinal);

    /// <summary>Instances whose <see cref="TestWorkflows.GoSignal"/> was acknowledged.</summary>
    public HashSet<string> Signaled { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Breaches => _breaches;

    /// <summary>Acknowledged starts that did not complete with the expected result (I4).</summary>
    public int Lost { get; private set; }

    /// <summary>History events that appear twice (same event id, or a second completion of one activity or timer).</summary>
    public int DuplicateEvents { get; private set; }

    /// <summary>Activity executions beyond the first per scheduled activity, from the journal (I10; counted, not failed).</summary>
    public int ReExecutions { get; private set; }

    /// <summary>
    /// Checks everything: histories through <paramref name="backend"/>, leftover rows and the database's own integrity
    /// check through <paramref name="scalar"/> (raw SQL on the same database), activity executions through the journal.
    /// </summary>
    public async Task CheckAsync(IBackend backend, Func<string, Task<long>> scalar, Func<Task<bool>> integrityOk, string? journalPath)
    {
        var scheduled = new HashSet<string>(StringComparer.Ordinal);
        var replayer = new WorkflowReplayer(new WorkflowRegistry()
            .AddWorkflow(TestWorkflows.Mixed, TestWorkflows.MixedAsync)
            .AddActivity(TestWorkflows.Square, TestWorkflows.SquareActivity)
            .AddActivity(TestWorkflows.Add, TestWorkflows.AddActivity));
        foreach (var (id, n) in Started)
        {
            var state = await backend.GetWorkflowInstanceStateAsync(id);
            if (state.Status != WorkflowStatus.Completed || state.Result != $"\"{TestWorkflows.ExpectedMixed(n)}\"")
            {
                Lost++;
                Breach("I4", id, $"status {state.Status}, result {state.Result ?? "null"}, last task error {state.LastTaskError}");
            }

            var history = await backend.GetWorkflowInstanceHistoryAsync(state.Instance);
            CheckHistory(id, n, history);
            foreach (var e in history.Where(e => e.Type == EventType.ActivityScheduled))
            {
                scheduled.Add($"{state.Instance.InstanceId}/{state.Instance.ExecutionId}/{e.ScheduleEventId}/{((ActivityScheduledAttributes)e.Attributes).Attempt}");
            }

            if (state.Status == WorkflowStatus.Completed && replayer.Replay(history, id) is { IsSuccess: false } replay)
            {
                Breach("I11", id, replay.ToString());
            }
        }

        // I8/I9: with every instance finished, nothing may be left waiting.
        foreach (string table in (string[])["pending_events", "activities"])
        {
            long left = await scalar($"SELECT COUNT(*) FROM {table}");
            if (left != 0)
            {
                Breach("I8", table, $"{left} rows left after every instance finished");
            }
        }

        if (!await integrityOk())
        {
            Breach("I12", "database", "integrity check failed");
        }

        if (journalPath is not null && File.Exists(journalPath))
        {
            var runs = File.ReadAllLines(journalPath).Where(l => l.Length > 0).GroupBy(l => l, StringComparer.Ordinal).ToList();
            ReExecutions = runs.Sum(g => g.Count() - 1);
            foreach (var run in runs.Where(g => !scheduled.Contains(g.Key)))
            {
                Breach("I10", run.Key, "an activity ran that no history schedules");
            }
        }
    }

    private void CheckHistory(string id, int n, IReadOnlyList<HistoryEvent> history)
    {
        // I1: contiguous 1..N.
        for (int i = 0; i < history.Count; i++)
        {
            if (history[i].SequenceId != i + 1)
            {
                Breach("I1", id, $"event {i} has sequence id {history[i].SequenceId}");
                break;
            }
        }

        // I2: one start, at most one terminal event, and it is the last.
        if (history.Count(e => e.Type == EventType.WorkflowExecutionStarted) != 1)
        {
            Breach("I2", id, "not exactly one start event");
        }

        int terminal = history.Count(e => IsTerminal(e.Type));
        if (terminal > 1 || (terminal == 1 && !IsTerminal(history[^1].Type)))
        {
            DuplicateEvents += Math.Max(0, terminal - 1);
            Breach("I2", id, $"{terminal} terminal events, last is {history[^1].Type}");
        }

        // I3: no event twice.
        int duplicateIds = history.Count - history.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count();
        if (duplicateIds > 0)
        {
            DuplicateEvents += duplicateIds;
            Breach("I3", id, $"{duplicateIds} duplicate event ids");
        }

        // I5: each scheduled activity has exactly one outcome.
        foreach (var activity in history.Where(e => e.Type == EventType.ActivityScheduled))
        {
            int outcomes = history.Count(e => e.Type is EventType.ActivityCompleted or EventType.ActivityFailed && e.ScheduleEventId == activity.ScheduleEventId);
            if (outcomes != 1)
            {
                DuplicateEvents += Math.Max(0, outcomes - 1);
                Breach("I5", id, $"activity {activity.ScheduleEventId} has {outcomes} outcomes");
            }
        }

        // I6: each timer fires at most once, never before it is due.
        foreach (var timer in history.Where(e => e.Type == EventType.TimerScheduled))
        {
            var fired = history.Where(e => e.Type == EventType.TimerFired && e.ScheduleEventId == timer.ScheduleEventId).ToList();
            if (fired.Count > 1)
            {
                DuplicateEvents += fired.Count - 1;
                Breach("I6", id, $"timer {timer.ScheduleEventId} fired {fired.Count} times");
            }

            // The task that applied the firing started (by its worker's clock, which here is the database's) no
            // earlier than the timer was due.
            if (fired.Count == 1)
            {
                var due = ((TimerScheduledAttributes)timer.Attributes).FireAt;
                int at = history.ToList().IndexOf(fired[0]);
                var appliedBy = history.Take(at).LastOrDefault(e => e.Type == EventType.WorkflowTaskStarted);
                if (appliedBy is null || appliedBy.Timestamp < due)
                {
                    Breach("I6", id, $"timer {timer.ScheduleEventId} due {due:O} was applied by a task started {appliedBy?.Timestamp:O}");
                }
            }
        }

        // I7: an acknowledged signal appears exactly once.
        int signals = history.Count(e => e.Type == EventType.SignalReceived);
        int expected = Signaled.Contains(id) ? 1 : 0;
        if (signals != expected && !(expected == 0 && TestWorkflows.KindOf(n) != MixedKind.Signal))
        {
            DuplicateEvents += Math.Max(0, signals - expected);
            Breach("I7", id, $"{signals} signals received, {expected} acknowledged");
        }
    }

    private static bool IsTerminal(EventType type)
        => type is EventType.WorkflowExecutionFinished or EventType.WorkflowExecutionTerminated or EventType.WorkflowExecutionContinuedAsNew;

    private void Breach(string invariant, string what, string detail) => _breaches.Add($"{invariant} {what}: {detail}");

    /// <summary>Fails the test with every breach when there is any.</summary>
    public void AssertHolds(string scenario)
        => Assert.True(_breaches.Count == 0, $"{scenario}: {_breaches.Count} invariant breaches:\n{string.Join('\n', _breaches.Take(50))}");
}
