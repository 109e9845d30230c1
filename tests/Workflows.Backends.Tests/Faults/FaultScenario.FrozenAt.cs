using System.Diagnostics;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

public static partial class FaultScenario
{
    /// <summary>Where a worker is frozen: in a workflow task, and in an activity's completion (a fused step where the backend has one).</summary>
    public static TheoryData<string> FreezePoints() => new() { FaultPoints.WorkflowExecuted, FaultPoints.ActivityCommitBefore };

    /// <summary>
    /// A worker stops itself (SIGSTOP) at a fault point while it holds the work it was doing there, past its lease:
    /// another worker takes the work over and finishes everything. Thawed, the frozen worker carries on from that very
    /// point and tries to commit what it held; every such late commit must be rejected by the lease fence.
    /// </summary>
    public static async Task<ScenarioFigures> RunFrozenAtAsync(FaultTarget target, string point, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string stop = dir.File("stop");
        string[] common = ["--lock-timeout", "2", "--journal", journal];
        var clock = Stopwatch.StartNew();
        using var zombie = TestWorkerProcess.Start(target.WorkerArgs, "zombie", stop, [.. common, "--fault", point, "--fault-after", "1", "--fault-action", "freeze"]);
        await zombie.WaitReadyAsync(s_timeout);

        // One workflow first (a chain of activities), so the worker freezes holding it and nothing else: a worker
        // frozen inside a write transaction would hold the database's locks, which is a known limit, not this scenario.
        var oracle = new ReliabilityOracle();
        var client = new WorkflowClient(target.Backend);
        await StartMixedAsync(client, oracle, 0, 1);
        await WaitForAsync(() => zombie.Output.Contains($"frozen {point}", StringComparison.Ordinal), $"{point} was never hit:\n{zombie.Output}");
        var frozenAt = clock.Elapsed;
        try
        {
            await StartMixedAsync(client, oracle, 1);
            using var survivor = TestWorkerProcess.Start(target.WorkerArgs, "survivor", stop, common);
            await survivor.WaitReadyAsync(s_timeout);
            await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, $"work was left:\n{survivor.Output}");
            var recovery = clock.Elapsed - frozenAt;

            // Thawed: the zombie commits what it held when it froze, against leases that are gone, then stops.
            zombie.Thaw();
            await WaitForAsync(() => zombie.LoggedEvents(1002) + zombie.LoggedEvents(1004) >= 1, $"the thawed worker never reported its stale commit:\n{zombie.Output}");
            await File.WriteAllTextAsync(stop, "stop");
            Assert.Equal(0, await survivor.WaitForExitAsync(s_timeout));
            Assert.Equal(0, await zombie.WaitForExitAsync(s_timeout));

            await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
            int rejected = zombie.LoggedEvents(1002) + zombie.LoggedEvents(1004);
            var figures = new ScenarioFigures($"frozen worker at {point} (SIGSTOP past its lease, then SIGCONT)", Workflows, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
            output.WriteLine($"FIGURES {figures} zombieRejected={rejected} zombieAccepted=0");
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
}
