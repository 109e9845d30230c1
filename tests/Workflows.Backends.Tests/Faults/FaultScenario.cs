using System.Diagnostics;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Workflows.TestWorker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

/// <summary>The database a scenario runs on, seen from the test (client, raw checks) and from worker processes.</summary>
/// <param name="Backend">The test's own backend: the client writes through it and the oracle reads through it.</param>
/// <param name="WorkerArgs">The arguments that point a test worker process at the same database.</param>
/// <param name="Scalar">Runs a raw count query on the database.</param>
/// <param name="IntegrityOk">The database's own integrity check.</param>
public sealed record FaultTarget(IBackend Backend, IReadOnlyList<string> WorkerArgs, Func<string, Task<long>> Scalar, Func<Task<bool>> IntegrityOk);

/// <summary>What one scenario measured, for the figures table of docs/reliability.md.</summary>
public sealed record ScenarioFigures(string Scenario, int Workflows, int Lost, int DuplicateEvents, int ReExecutions, TimeSpan Recovery);

/// <summary>
/// Kill scenarios: a worker process dies (SIGKILL) at the n-th hit of a fault point while it runs a mixed load of
/// workflows (activity chains, fan-outs, timers, signals); a second worker finishes the work; the oracle checks the
/// contract. Bounded in count and time everywhere.
/// </summary>
public static partial class FaultScenario
{
    public const int Workflows = 24;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);

    /// <summary>The worker-side fault points (the client-side ones are exercised in the client's own process).</summary>
    public static TheoryData<string> WorkerPoints()
    {
        var data = new TheoryData<string>();
        foreach (string point in FaultPoints.All.Where(p => !p.StartsWith("client.", StringComparison.Ordinal) && p != FaultPoints.SchemaScriptApplied))
        {
            data.Add(point);
        }

        return data;
    }

    public static async Task<ScenarioFigures> RunKillAsync(FaultTarget target, string point, int hit, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string stop = dir.File("stop");
        string gate = dir.File("gate");
        string[] common = ["--lock-timeout", "2", "--journal", journal];
        var clock = Stopwatch.StartNew();
        using var victim = TestWorkerProcess.Start(target.WorkerArgs, "victim", stop, [.. common, "--fault", point, "--fault-after", hit.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await victim.WaitReadyAsync(s_timeout);

        var oracle = new ReliabilityOracle();
        var client = new WorkflowClient(target.Backend);
        if (point == FaultPoints.LeaseRenewal)
        {
            // Renewals only happen while work outlasts a third of its lease: one slow activity brings one.
            await client.StartWorkflowAsync(TestWorkflows.Blocking, new WorkflowOptions { InstanceId = "slow" }, dir.File("blocking-journal"), gate, 1);
        }

        await StartMixedAsync(client, oracle);

        // The victim dies at its fault point; a load that finishes first never reached it, which fails the scenario.
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            while (!victim.HasExited)
            {
                Assert.False(timeout.IsCancellationRequested, $"{point}: the victim neither died nor finished:\n{victim.Output}");
                Assert.False((await target.Backend.GetStatsAsync()).ActiveInstances == 0, $"{point} was never hit ({hit}):\n{victim.Output}");
                await Task.Delay(20);
            }
        }

        await victim.WaitForExitAsync(s_timeout); // drains its output
        Assert.Contains($"fault {point}", victim.Output, StringComparison.Ordinal);
        var killedAt = clock.Elapsed;
        await File.WriteAllTextAsync(gate, "open");
        using var survivor = TestWorkerProcess.Start(target.WorkerArgs, "survivor", stop, common);
        await survivor.WaitReadyAsync(s_timeout);
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            while ((await target.Backend.GetStatsAsync()).ActiveInstances > 0)
            {
                Assert.False(survivor.HasExited, survivor.Output);
                Assert.False(timeout.IsCancellationRequested, $"{point}: work left after {s_timeout}: {await target.Backend.GetStatsAsync()}");
                await Task.Delay(20);
            }
        }

        var recovery = clock.Elapsed - killedAt;
        await File.WriteAllTextAsync(stop, "stop");
        Assert.Equal(0, await survivor.WaitForExitAsync(s_timeout));

        await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
        var figures = new ScenarioFigures($"kill at {point} (hit {hit})", Workflows, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
        output.WriteLine($"FIGURES {figures}");
        oracle.AssertHolds(figures.Scenario);
        return figures;
    }

    /// <summary>
    /// A frozen worker (SIGSTOP) holding a running activity past its lease: another worker takes the activity over
    /// and finishes everything; the thawed worker's late completion must be rejected, not recorded.
    /// </summary>
    public static async Task<ScenarioFigures> RunFrozenAsync(FaultTarget target, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string blockJournal = dir.File("blocking-journal");
        string stop = dir.File("stop");
        string gate = dir.File("gate");
        File.WriteAllText(blockJournal, "");
        string[] common = ["--lock-timeout", "2", "--journal", journal];
        var clock = Stopwatch.StartNew();
        using var zombie = TestWorkerProcess.Start(target.WorkerArgs, "zombie", stop, common);
        await zombie.WaitReadyAsync(s_timeout);

        var oracle = new ReliabilityOracle();
        var client = new WorkflowClient(target.Backend);
        await client.StartWorkflowAsync(TestWorkflows.Blocking, new WorkflowOptions { InstanceId = "held" }, blockJournal, gate, 1);
        await WaitForAsync(() => File.ReadAllLines(blockJournal).Length >= 1, "the first worker never started the blocking activity");

        // Frozen while it runs the activity: its lease lapses, but it still believes it owns the work.
        await zombie.FreezeAsync(s_timeout);
        var frozenAt = clock.Elapsed;
        try
        {
            await StartMixedAsync(client, oracle);

            using var survivor = TestWorkerProcess.Start(target.WorkerArgs, "survivor", stop, common);
            await survivor.WaitReadyAsync(s_timeout);
            await WaitForAsync(() => File.ReadAllLines(blockJournal).Length >= 2, "the second worker never took the blocking activity over");
            await File.WriteAllTextAsync(gate, "open");
            await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, "work was left");
            var recovery = clock.Elapsed - frozenAt;

            // Thawed: the zombie's activity returns and its completion meets a lease that is gone.
            zombie.Thaw();
            await WaitForAsync(() => zombie.LoggedEvents(1004) + zombie.LoggedEvents(1006) >= 1, $"the thawed worker never reported its stale completion:\n{zombie.Output}");
            await File.WriteAllTextAsync(stop, "stop");
            Assert.Equal(0, await survivor.WaitForExitAsync(s_timeout));
            Assert.Equal(0, await zombie.WaitForExitAsync(s_timeout));

            var held = await target.Backend.GetWorkflowInstanceHistoryAsync((await target.Backend.GetWorkflowInstanceStateAsync("held")).Instance);
            Assert.Single(held, e => e.Type is History.EventType.ActivityCompleted or History.EventType.ActivityFailed);
            await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
            var figures = new ScenarioFigures("frozen worker (SIGSTOP past its lease, then SIGCONT)", Workflows + 1, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
            output.WriteLine($"FIGURES {figures} zombieRejected={zombie.LoggedEvents(1004)} zombieAccepted=0");
            oracle.AssertHolds(figures.Scenario);
            return figures;
        }
        finally
        {
            if (!zombie.HasExited)
            {
                zombie.Thaw();
            }
        }
    }

    /// <summary>
    /// A worker asked to stop (SIGTERM) while an activity runs: it stops polling, lets the activity finish and commit,
    /// and exits 0; another worker finishes the rest. A graceful stop costs no re-execution at all.
    /// </summary>
    public static async Task<ScenarioFigures> RunGracefulStopAsync(FaultTarget target, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string blockJournal = dir.File("blocking-journal");
        string stop = dir.File("stop");
        string gate = dir.File("gate");
        File.WriteAllText(blockJournal, "");

        // Leases long enough that a loaded machine cannot let one lapse during the stop: a graceful stop hands
        // nothing over by expiry, so any re-execution would be the stop's fault.
        string[] common = ["--lock-timeout", "15", "--journal", journal];
        var clock = Stopwatch.StartNew();
        using var leaving = TestWorkerProcess.Start(target.WorkerArgs, "leaving", stop, common);
        await leaving.WaitReadyAsync(s_timeout);

        var oracle = new ReliabilityOracle();
        var client = new WorkflowClient(target.Backend);
        await client.StartWorkflowAsync(TestWorkflows.Blocking, new WorkflowOptions { InstanceId = "held" }, blockJournal, gate, 1);
        await WaitForAsync(() => File.ReadAllLines(blockJournal).Length >= 1, "the worker never started the blocking activity");
        await StartMixedAsync(client, oracle);

        // Asked to stop mid-activity; the activity is let go only once the worker has stopped polling.
        leaving.Terminate();
        var stoppedAt = clock.Elapsed;
        await WaitForAsync(() => leaving.Output.Contains("stopping leaving on SIGTERM", StringComparison.Ordinal), $"the worker did not see SIGTERM:\n{leaving.Output}");
        await File.WriteAllTextAsync(gate, "open");
        Assert.Equal(0, await leaving.WaitForExitAsync(s_timeout));
        Assert.Contains("done leaving", leaving.Output, StringComparison.Ordinal);

        using var survivor = TestWorkerProcess.Start(target.WorkerArgs, "survivor", stop, common);
        await survivor.WaitReadyAsync(s_timeout);
        await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, "work was left");
        var recovery = clock.Elapsed - stoppedAt;
        await File.WriteAllTextAsync(stop, "stop");
        Assert.Equal(0, await survivor.WaitForExitAsync(s_timeout));

        // The activity in flight ran once, on the worker that was stopping, and its result is the one recorded.
        Assert.Single(File.ReadAllLines(blockJournal));
        var held = await target.Backend.GetWorkflowInstanceHistoryAsync((await target.Backend.GetWorkflowInstanceStateAsync("held")).Instance);
        Assert.Single(held, e => e.Type is History.EventType.ActivityCompleted or History.EventType.ActivityFailed);
        await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
        var figures = new ScenarioFigures("graceful stop (SIGTERM mid-activity)", Workflows + 1, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
        output.WriteLine($"FIGURES {figures}");
        oracle.AssertHolds(figures.Scenario);
        Assert.Equal(0, oracle.ReExecutions);
        return figures;
    }

    /// <summary>
    /// Client processes killed right after their start or signal committed, before the call returned: the start
    /// that landed runs to its result, and the signal a second client retries with the same request id arrives
    /// exactly once.
    /// </summary>
    public static async Task<ScenarioFigures> RunClientKillAsync(FaultTarget target, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string stop = dir.File("stop");
        string[] common = ["--lock-timeout", "2", "--journal", journal];
        var oracle = new ReliabilityOracle();

        // A Signal-kind workflow (n % 4 == 3), started by a client that dies right after the commit.
        const int n = 3;
        const string id = "client-killed";
        Assert.Equal(MixedKind.Signal, TestWorkflows.KindOf(n));
        using (var starter = TestWorkerProcess.Start(target.WorkerArgs, "starter", stop, ["--client-start", $"{id}:{n}", "--fault", FaultPoints.ClientStartCommitted, "--fault-after", "1"]))
        {
            await starter.WaitForExitAsync(s_timeout);
            Assert.Contains($"fault {FaultPoints.ClientStartCommitted}", starter.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("client done", starter.Output, StringComparison.Ordinal);
        }

        // The start landed though its caller never heard back: the instance exists, and a retry is told so.
        Assert.Equal(WorkflowStatus.Running, (await target.Backend.GetWorkflowInstanceStateAsync(id)).Status);
        oracle.Started[id] = n;
        await Assert.ThrowsAsync<WorkflowInstanceAlreadyExistsException>(() => new WorkflowClient(target.Backend).StartWorkflowAsync(TestWorkflows.Mixed, new WorkflowOptions { InstanceId = id }, n));

        // The signal: the first client dies after its commit; a second sends it again with the same request id.
        string signal = $"{id}:go-{id}:{TestWorkflows.MixedSignalValue(n)}";
        using (var first = TestWorkerProcess.Start(target.WorkerArgs, "signaler", stop, ["--client-signal", signal, "--fault", FaultPoints.ClientSignalCommitted, "--fault-after", "1"]))
        {
            await first.WaitForExitAsync(s_timeout);
            Assert.Contains($"fault {FaultPoints.ClientSignalCommitted}", first.Output, StringComparison.Ordinal);
        }

        using (var retry = TestWorkerProcess.Start(target.WorkerArgs, "retry", stop, ["--client-signal", signal]))
        {
            Assert.Equal(0, await retry.WaitForExitAsync(s_timeout));
            Assert.Contains("client done retry", retry.Output, StringComparison.Ordinal);
        }

        oracle.Signaled.Add(id);
        var clock = Stopwatch.StartNew();
        using var worker = TestWorkerProcess.Start(target.WorkerArgs, "worker", stop, common);
        await worker.WaitReadyAsync(s_timeout);
        await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, "the started instance never finished");
        var recovery = clock.Elapsed;
        await File.WriteAllTextAsync(stop, "stop");
        Assert.Equal(0, await worker.WaitForExitAsync(s_timeout));

        await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
        var figures = new ScenarioFigures("client killed after its start and its signal committed", 1, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
        output.WriteLine($"FIGURES {figures}");
        oracle.AssertHolds(figures.Scenario);
        return figures;
    }

    /// <summary>Starts the mixed load and signals the workflows that wait for one, recording what was acknowledged.</summary>
    private static async Task StartMixedAsync(WorkflowClient client, ReliabilityOracle oracle, int from = 0, int to = Workflows)
    {
        for (int n = from; n < to; n++)
        {
            string id = $"mixed-{n}";
            await client.StartWorkflowAsync(TestWorkflows.Mixed, new WorkflowOptions { InstanceId = id }, n);
            oracle.Started[id] = n;
            if (TestWorkflows.KindOf(n) == MixedKind.Signal)
            {
                await client.SignalWorkflowAsync(id, TestWorkflows.GoSignal, TestWorkflows.MixedSignalValue(n), requestId: $"go-{id}");
                oracle.Signaled.Add(id);
            }
        }
    }

    private static Task WaitForAsync(Func<bool> condition, string failure) => WaitForAsync(() => Task.FromResult(condition()), failure);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string failure)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            Assert.False(timeout.IsCancellationRequested, failure);
            await Task.Delay(20);
        }
    }
}
