using System.Diagnostics;
using System.Globalization;
using System.Data.Common;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Workflows.History;
using Workflows.TestWorker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Server;

/// <summary>
/// Worker processes against one database server: a mix of activity chains, fan-outs, timers and signals, each workflow
/// finished, each history event and each activity result recorded once (RELIABILITY.md oracle). Each subclass runs
/// these on its own server and supplies the SQL dialect the oracle's queries need.
/// </summary>
public abstract class ServerMultiProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(240);
    private readonly TempDirectory _dir = new();

    /// <summary>The worker's <c>--backend</c> argument.</summary>
    protected abstract string BackendName { get; }

    /// <summary>The server is the tests' own, so they may stop and start it.</summary>
    protected abstract bool ServerOwned { get; }

    /// <summary>The condition that selects latest executions (the column's type differs by dialect).</summary>
    protected abstract string IsLatest { get; }

    public void Dispose()
    {
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A backend on a fresh schema with its tables created, and the connection string of that schema.</summary>
    protected abstract Task<(IBackend Backend, string Connection)> OpenAsync();

    protected abstract DbConnection Connect(string connectionString);

    protected abstract Task StopServerAsync();

    protected abstract Task StartServerAsync();

    /// <summary>How many rows of a group meet <paramref name="condition"/>, in the dialect's words.</summary>
    protected abstract string CountWhere(string condition);

    /// <summary>I12: the server's own consistency checks of the tables, as far as the dialect offers them.</summary>
    protected abstract Task AssertTablesConsistentAsync(DbConnection db);

    [Fact]
    public async Task ThreeWorkerProcesses_TwoThousandMixedWorkflows_AllCompleteExactlyOnce()
    {
        const int count = 2000;
        var clock = Stopwatch.StartNew();
        var (backend, connection) = await OpenAsync();
        await using var _ = backend;
        string stopFile = _dir.File("stop");
        using var a = StartWorker(connection, "worker-a", stopFile);
        using var b = StartWorker(connection, "worker-b", stopFile);
        using var c = StartWorker(connection, "worker-c", stopFile);
        TestWorkerProcess[] workers = [a, b, c];
        await Task.WhenAll(workers.Select(w => w.WaitReadyAsync(TimeSpan.FromSeconds(60))));
        output.WriteLine($"workers ready after {clock.Elapsed}");

        await StartMixedAsync(backend, count);
        output.WriteLine($"started and signalled after {clock.Elapsed}");
        await WaitUntilNoneActiveAsync(backend, workers);
        output.WriteLine($"all finished after {clock.Elapsed}");

        await StopAsync(stopFile, workers);
        foreach (var worker in workers)
        {
            Assert.True(worker.ReportedActivities() > 0, $"{worker.Name} did no work:\n{worker.Output}");
        }

        Assert.True(workers.Sum(w => w.ReportedActivities()) >= Enumerable.Range(0, count).Sum(TestWorkflows.MixedActivities));
        await AssertOracleAsync(connection, count);
        output.WriteLine($"checked after {clock.Elapsed}");
    }

    /// <summary>
    /// <paramref name="workerCount"/> worker processes run <paramref name="count"/> mixed workflows; the server is stopped
    /// when a quarter of them finished, left down for a few seconds, and started again. The subclasses' facts call this:
    /// it stops the server, so it may run only where the tests own it.
    /// </summary>
    protected async Task ServerRestartedMidRunAsync(int workerCount, int count)
    {
        Assert.True(ServerOwned);
        var clock = Stopwatch.StartNew();
        var (backend, connection) = await OpenAsync();
        await using var _ = backend;
        string stopFile = _dir.File("stop");
        var workers = new TestWorkerProcess[workerCount];
        using var stopWorkers = new WorkerSet(workers);
        for (int i = 0; i < workerCount; i++)
        {
            workers[i] = StartWorker(connection, "worker-" + (char)('a' + i), stopFile);
        }

        await Task.WhenAll(workers.Select(w => w.WaitReadyAsync(TimeSpan.FromSeconds(60))));
        await StartMixedAsync(backend, count);

        using (var timeout = new CancellationTokenSource(CompletionTimeout))
        {
            while ((await backend.GetStatsAsync()).ActiveInstances > count * 3 / 4)
            {
                Assert.False(timeout.IsCancellationRequested, "The workers made no progress.");
                await Task.Delay(20);
            }
        }

        long activeAtStop = (await backend.GetStatsAsync()).ActiveInstances;
        await StopServerAsync();
        output.WriteLine($"server stopped after {clock.Elapsed} with {activeAtStop} active");

        // The outage: workers keep polling (and on PostgreSQL their listening sessions keep reconnecting) against a
        // server that is gone, and must not give up.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.All(workers, w => Assert.False(w.HasExited, $"{w.Name} exited while the server was down:\n{w.Output}"));
        await StartServerAsync();
        output.WriteLine($"server started again after {clock.Elapsed}");

        await WaitUntilNoneActiveAsync(backend, workers);
        output.WriteLine($"all finished after {clock.Elapsed}");
        await StopAsync(stopFile, workers);
        await AssertOracleAsync(connection, count);
    }

    private TestWorkerProcess StartWorker(string connection, string name, string stopFile)
        => TestWorkerProcess.Start(["--backend", BackendName, "--connection", connection], name, stopFile, "--pollers", "4", "--lock-timeout", "10");

    private static async Task StartMixedAsync(IBackend backend, int count)
    {
        var client = new WorkflowClient(backend);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var handle = await client.StartWorkflowAsync<string>(TestWorkflows.Mixed, new WorkflowOptions { InstanceId = $"wf-{n}" }, [n], ct);
            if (TestWorkflows.KindOf(n) == MixedKind.Signal)
            {
                await handle.SignalAsync(TestWorkflows.GoSignal, TestWorkflows.MixedSignalValue(n), requestId: $"go-{n}", ct);
            }
        });
    }

    private static async Task WaitUntilNoneActiveAsync(IBackend backend, TestWorkerProcess[] workers)
    {
        using var timeout = new CancellationTokenSource(CompletionTimeout);
        while ((await backend.GetStatsAsync()).ActiveInstances is var active && active > 0)
        {
            foreach (var worker in workers)
            {
                Assert.False(worker.HasExited, $"{worker.Name} exited:\n{worker.Output}");
            }

            Assert.False(timeout.IsCancellationRequested, $"Not all workflows finished within {CompletionTimeout}: {active} still active.");
            await Task.Delay(100);
        }
    }

    private async Task StopAsync(string stopFile, TestWorkerProcess[] workers)
    {
        await File.WriteAllTextAsync(stopFile, "stop");
        foreach (var worker in workers)
        {
            Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            output.WriteLine(worker.Output);
        }
    }

    /// <summary>The oracle (RELIABILITY.md I1-I8, I12) over the whole schema.</summary>
    private async Task AssertOracleAsync(string connectionString, int workflows)
    {
        await using var db = Connect(connectionString);
        await db.OpenAsync();

        // I4: every acknowledged start completed with the expected result.
        var results = (await QueryAsync(db, "SELECT instance_id, status, result FROM executions WHERE " + IsLatest))
            .ToDictionary(r => (string)r[0]!, r => (Status: Convert.ToInt32(r[1], CultureInfo.InvariantCulture), Result: (string?)r[2]));
        Assert.Equal(workflows, results.Count);
        for (int n = 0; n < workflows; n++)
        {
            var (status, result) = results[$"wf-{n}"];
            Assert.Equal((int)WorkflowStatus.Completed, status);
            Assert.Equal($"\"{TestWorkflows.ExpectedMixed(n)}\"", result);
        }

        // I1: sequence ids contiguous 1..N per execution.
        Assert.Empty(await QueryAsync(db, """
            SELECT instance_id FROM history GROUP BY instance_id, execution_id
            HAVING MIN(sequence_id) <> 1 OR MAX(sequence_id) <> COUNT(*) OR COUNT(DISTINCT sequence_id) <> COUNT(*)
            """));

        // I3: no duplicate event id.
        Assert.Empty(await QueryAsync(db, "SELECT event_id FROM history GROUP BY instance_id, execution_id, event_id HAVING COUNT(*) > 1"));

        // I2: one start, one terminal event, and it is the last.
        Assert.Empty(await QueryAsync(db, $"""
            SELECT instance_id FROM history GROUP BY instance_id, execution_id
            HAVING {CountWhere($"event_type = {(int)EventType.WorkflowExecutionStarted}")} <> 1
                OR {CountWhere($"event_type = {(int)EventType.WorkflowExecutionFinished}")} <> 1
                OR MAX(CASE WHEN event_type = {(int)EventType.WorkflowExecutionFinished} THEN sequence_id END) <> MAX(sequence_id)
            """));

        // I5: each ActivityScheduled has exactly one completion, and there are as many as the workflows schedule.
        int expectedActivities = Enumerable.Range(0, workflows).Sum(TestWorkflows.MixedActivities);
        Assert.Equal(expectedActivities, Convert.ToInt32((await QueryAsync(db, $"SELECT COUNT(*) FROM history WHERE event_type = {(int)EventType.ActivityScheduled}"))[0][0], CultureInfo.InvariantCulture));
        Assert.Empty(await QueryAsync(db, $"""
            SELECT s.instance_id, s.schedule_event_id FROM history s
            WHERE s.event_type = {(int)EventType.ActivityScheduled}
              AND (SELECT COUNT(*) FROM history c
                   WHERE c.instance_id = s.instance_id AND c.execution_id = s.execution_id
                     AND c.schedule_event_id = s.schedule_event_id
                     AND c.event_type IN ({(int)EventType.ActivityCompleted}, {(int)EventType.ActivityFailed})) <> 1
            """));

        // I6: each timer fired exactly once here (none is cancelled).
        int timers = Enumerable.Range(0, workflows).Count(n => TestWorkflows.KindOf(n) == MixedKind.Timer);
        Assert.Equal(timers, Convert.ToInt32((await QueryAsync(db, $"SELECT COUNT(*) FROM history WHERE event_type = {(int)EventType.TimerScheduled}"))[0][0], CultureInfo.InvariantCulture));
        Assert.Empty(await QueryAsync(db, $"""
            SELECT s.instance_id FROM history s
            WHERE s.event_type = {(int)EventType.TimerScheduled}
              AND (SELECT COUNT(*) FROM history f
                   WHERE f.instance_id = s.instance_id AND f.execution_id = s.execution_id
                     AND f.schedule_event_id = s.schedule_event_id AND f.event_type = {(int)EventType.TimerFired}) <> 1
            """));

        // I7: each acknowledged signal appears exactly once.
        int signals = Enumerable.Range(0, workflows).Count(n => TestWorkflows.KindOf(n) == MixedKind.Signal);
        Assert.Equal(signals, Convert.ToInt32((await QueryAsync(db, $"SELECT COUNT(*) FROM history WHERE event_type = {(int)EventType.SignalReceived}"))[0][0], CultureInfo.InvariantCulture));
        Assert.Empty(await QueryAsync(db, $"SELECT instance_id FROM history WHERE event_type = {(int)EventType.SignalReceived} GROUP BY instance_id HAVING COUNT(*) <> 1"));

        // I8: nothing is left for finished instances.
        Assert.Empty(await QueryAsync(db, "SELECT id FROM pending_events"));
        Assert.Empty(await QueryAsync(db, "SELECT id FROM activities"));

        await AssertTablesConsistentAsync(db);
    }

    /// <summary>Disposes (kills, if still running) the workers that were started.</summary>
    private sealed class WorkerSet(TestWorkerProcess?[] workers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var worker in workers)
            {
                worker?.Dispose();
            }
        }
    }

    protected static async Task<List<object?[]>> QueryAsync(DbConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row.Select(v => v is DBNull ? null : (object?)v).ToArray());
        }

        return rows;
    }
}
