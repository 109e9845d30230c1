using Workflows.Backends.Tests.Oracle;
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
        // I1, I2, I3, I5, I6: what one history must satisfy on its own.
        foreach (var violation in HistoryInvariants.Check(history))
        {
            DuplicateEvents += violation.Duplicates;
            Breach(violation.Rule, id, violation.Detail);
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

    private void Breach(string invariant, string what, string detail) => _breaches.Add($"{invariant} {what}: {detail}");

    /// <summary>Fails the test with every breach when there is any.</summary>
    public void AssertHolds(string scenario)
        => Assert.True(_breaches.Count == 0, $"{scenario}: {_breaches.Count} invariant breaches:\n{string.Join('\n', _breaches.Take(50))}");
}
