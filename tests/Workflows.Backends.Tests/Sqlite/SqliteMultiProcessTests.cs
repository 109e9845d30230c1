using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Workflows.Client;
using Workflows.Sqlite;
using Workflows.TestWorker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>Several worker processes on one database file: every workflow runs, each step exactly once in history.</summary>
public sealed class SqliteMultiProcessTests(ITestOutputHelper output) : IDisposable
{
    private const int WorkflowCount = 1000;
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoWorkerProcesses_OneThousandWorkflows_AllCompleteExactlyOnce()
    {
        string dbPath = _dir.File("shared.db");
        string stopFile = _dir.File("stop");
        var clock = Stopwatch.StartNew();

        // The workers write with the default synchronous=FULL; this client's own 3,000 writes skip the fsync,
        // because their durability is not what the test is about and the box has two cores.
        await using var backend = SqliteBackend.Open(dbPath, new SqliteBackendOptions { Synchronous = SqliteSynchronousMode.Normal });
        await backend.GetStatsAsync(); // creates the schema before the workers race for it

        using var a = TestWorkerProcess.Start(dbPath, "worker-a", stopFile);
        using var b = TestWorkerProcess.Start(dbPath, "worker-b", stopFile);
        await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromSeconds(60)), b.WaitReadyAsync(TimeSpan.FromSeconds(60)));
        output.WriteLine($"workers ready after {clock.Elapsed}");

        var client = new WorkflowClient(backend);
        for (int n = 0; n < WorkflowCount; n++)
        {
            await client.StartWorkflowAsync<string>(TestWorkflows.Compute, new WorkflowOptions { InstanceId = $"wf-{n}" }, n);
        }

        // Signal each one twice with the same request id, as a client retry would: it must arrive once.
        for (int n = 0; n < WorkflowCount; n++)
        {
            await client.SignalWorkflowAsync($"wf-{n}", TestWorkflows.GoSignal, TestWorkflows.SignalValue(n), requestId: $"go-{n}");
            await client.SignalWorkflowAsync($"wf-{n}", TestWorkflows.GoSignal, TestWorkflows.SignalValue(n), requestId: $"go-{n}");
        }

        output.WriteLine($"started after {clock.Elapsed}");
        using (var timeout = new CancellationTokenSource(CompletionTimeout))
        {
            while ((await backend.GetStatsAsync()).ActiveInstances > 0)
            {
                Assert.False(a.HasExited, $"worker-a exited:\n{a.Output}");
                Assert.False(b.HasExited, $"worker-b exited:\n{b.Output}");
                Assert.False(timeout.IsCancellationRequested, $"Not all workflows finished within {CompletionTimeout}: {(await backend.GetStatsAsync()).ActiveInstances} still active.");
                await Task.Delay(100);
            }
        }

        output.WriteLine($"all finished after {clock.Elapsed}");
        await File.WriteAllTextAsync(stopFile, "stop");
        Assert.Equal(0, await a.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await b.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        output.WriteLine(a.Output);
        output.WriteLine(b.Output);

        // Both processes took part, and between them every activity ran at least once.
        Assert.True(a.ReportedActivities() > 0, a.Output);
        Assert.True(b.ReportedActivities() > 0, b.Output);
        Assert.True(a.ReportedActivities() + b.ReportedActivities() >= 2 * WorkflowCount);

        await backend.DisposeAsync();
        AssertExactlyOnce(dbPath, WorkflowCount);
        output.WriteLine($"checked after {clock.Elapsed}");
    }

    [Fact]
    public async Task TwoWorkerProcesses_OneKilledMidRun_SurvivorCompletesEveryWorkflowExactlyOnce()
    {
        const int count = 300;
        string dbPath = _dir.File("killed.db");
        string stopFile = _dir.File("stop");
        var clock = Stopwatch.StartNew();
        await using var backend = SqliteBackend.Open(dbPath);
        await backend.GetStatsAsync();

        // Short leases, so the survivor takes over what the killed worker held without a long wait.
        using var victim = TestWorkerProcess.Start(dbPath, "victim", stopFile, "--lock-timeout", "2");
        using var survivor = TestWorkerProcess.Start(dbPath, "survivor", stopFile, "--lock-timeout", "2");
        await Task.WhenAll(victim.WaitReadyAsync(TimeSpan.FromSeconds(60)), survivor.WaitReadyAsync(TimeSpan.FromSeconds(60)));

        var client = new WorkflowClient(backend);
        for (int n = 0; n < count; n++)
        {
            await client.StartWorkflowAsync<string>(TestWorkflows.Compute, new WorkflowOptions { InstanceId = $"wf-{n}" }, n);
            await client.SignalWorkflowAsync($"wf-{n}", TestWorkflows.GoSignal, TestWorkflows.SignalValue(n), requestId: $"go-{n}");
        }

        using (var timeout = new CancellationTokenSource(CompletionTimeout))
        {
            while ((await backend.GetStatsAsync()).ActiveInstances > count - 30)
            {
                Assert.False(timeout.IsCancellationRequested, "The workers made no progress.");
                await Task.Delay(20);
            }
        }

        // SIGKILL in the middle of the run: leases, open transactions and in-flight activities are cut off.
        victim.Kill();
        output.WriteLine($"killed victim after {clock.Elapsed} with {(await backend.GetStatsAsync()).ActiveInstances} active");

        using (var timeout = new CancellationTokenSource(CompletionTimeout))
        {
            while ((await backend.GetStatsAsync()).ActiveInstances > 0)
            {
                Assert.False(survivor.HasExited, $"survivor exited:\n{survivor.Output}");
                Assert.False(timeout.IsCancellationRequested, $"Not all workflows finished within {CompletionTimeout}.");
                await Task.Delay(100);
            }
        }

        await File.WriteAllTextAsync(stopFile, "stop");
        Assert.Equal(0, await survivor.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        output.WriteLine($"all finished after {clock.Elapsed}");
        output.WriteLine(survivor.Output);
        await backend.DisposeAsync();
        AssertExactlyOnce(dbPath, count);
    }

    /// <summary>The oracle (RELIABILITY.md I1-I5, I8, I12) over the whole file.</summary>
    private static void AssertExactlyOnce(string dbPath, int workflows)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Pooling = false }.ToString());
        db.Open();

        // I4: every acknowledged start completed with the expected result.
        var results = Query(db, "SELECT instance_id, status, result FROM executions WHERE is_latest = 1")
            .ToDictionary(r => (string)r[0]!, r => (Status: (long)r[1]!, Result: (string?)r[2]));
        Assert.Equal(workflows, results.Count);
        for (int n = 0; n < workflows; n++)
        {
            var (status, result) = results[$"wf-{n}"];
            Assert.Equal((long)WorkflowStatus.Completed, status);
            Assert.Equal($"\"{TestWorkflows.Expected(n)}\"", result);
        }

        // I1: sequence ids contiguous 1..N per execution.
        Assert.Empty(Query(db, """
            SELECT instance_id FROM history GROUP BY instance_id, execution_id
            HAVING MIN(sequence_id) <> 1 OR MAX(sequence_id) <> COUNT(*) OR COUNT(DISTINCT sequence_id) <> COUNT(*)
            """));

        // I3: no duplicate event id.
        Assert.Empty(Query(db, "SELECT event_id FROM history GROUP BY instance_id, execution_id, event_id HAVING COUNT(*) > 1"));

        // I2: one start, one terminal event, and it is the last.
        Assert.Empty(Query(db, """
            SELECT instance_id FROM history GROUP BY instance_id, execution_id
            HAVING SUM(event_type = 1) <> 1 OR SUM(event_type = 17) <> 1
                OR MAX(CASE WHEN event_type = 17 THEN sequence_id END) <> MAX(sequence_id)
            """));

        // I5: each ActivityScheduled has exactly one completion.
        Assert.Equal(2 * workflows, Convert.ToInt32(Query(db, "SELECT COUNT(*) FROM history WHERE event_type = 3")[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(Query(db, """
            SELECT s.instance_id, s.schedule_event_id FROM history s
            WHERE s.event_type = 3
              AND (SELECT COUNT(*) FROM history c
                   WHERE c.instance_id = s.instance_id AND c.execution_id = s.execution_id
                     AND c.schedule_event_id = s.schedule_event_id AND c.event_type IN (4, 5)) <> 1
            """));

        // I6: each timer fired exactly once (none is cancelled here), visible at its due time, and the workflow task
        // that took it in started no earlier than that.
        Assert.Equal(workflows, Convert.ToInt32(Query(db, "SELECT COUNT(*) FROM history WHERE event_type = 6")[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(Query(db, """
            SELECT f.instance_id FROM history f
            WHERE f.event_type = 7
              AND (SELECT t.timestamp FROM history t
                   WHERE t.instance_id = f.instance_id AND t.execution_id = f.execution_id
                     AND t.event_type = 2 AND t.sequence_id < f.sequence_id
                   ORDER BY t.sequence_id DESC LIMIT 1) < f.visible_at
            """));
        foreach (var row in Query(db, "SELECT attributes, visible_at FROM history WHERE event_type = 7"))
        {
            var fired = (Workflows.History.TimerFiredAttributes)Workflows.History.HistorySerializer.DeserializeAttributes((string)row[0]!);
            Assert.Equal(fired.FireAt.UtcTicks, (long)row[1]!);
        }

        Assert.Empty(Query(db, """
            SELECT s.instance_id FROM history s
            WHERE s.event_type = 6
              AND (SELECT COUNT(*) FROM history f
                   WHERE f.instance_id = s.instance_id AND f.execution_id = s.execution_id
                     AND f.schedule_event_id = s.schedule_event_id AND f.event_type IN (7, 8)) <> 1
            """));

        // I7: each signal appears exactly once, although it was sent twice.
        Assert.Equal(workflows, Convert.ToInt32(Query(db, "SELECT COUNT(*) FROM history WHERE event_type = 9")[0][0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(Query(db, "SELECT instance_id FROM history WHERE event_type = 9 GROUP BY instance_id, execution_id HAVING COUNT(*) <> 1"));

        // I8: nothing is left for finished instances.
        Assert.Empty(Query(db, "SELECT id FROM pending_events"));
        Assert.Empty(Query(db, "SELECT id FROM activities"));

        // I12: the file is sound.
        Assert.Equal("ok", Query(db, "PRAGMA integrity_check")[0][0]);
        }

    private static List<object?[]> Query(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row.Select(v => v is DBNull ? null : v).ToArray());
        }

        return rows;
    }
}
