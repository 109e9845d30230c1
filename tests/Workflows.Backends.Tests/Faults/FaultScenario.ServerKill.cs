using System.Diagnostics;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

public static partial class FaultScenario
{
    /// <summary>
    /// The database server is killed (SIGKILL) while two workers run the load, and started again after an outage: the
    /// workers keep going once it is back, and the oracle finds every acknowledged start completed, nothing doubled.
    /// </summary>
    public static async Task<ScenarioFigures> RunServerKillAsync(FaultTarget target, Func<Task> kill, Func<Task> restart, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string stop = dir.File("stop");
        string[] common = ["--lock-timeout", "2", "--journal", journal];
        using var first = TestWorkerProcess.Start(target.WorkerArgs, "first", stop, common);
        using var second = TestWorkerProcess.Start(target.WorkerArgs, "second", stop, common);
        await first.WaitReadyAsync(s_timeout);
        await second.WaitReadyAsync(s_timeout);

        // Killed as soon as every start is acknowledged: the timers (1 s) alone keep the load running past it.
        var oracle = new ReliabilityOracle();
        await StartMixedAsync(new WorkflowClient(target.Backend), oracle);
        long active = (await target.Backend.GetStatsAsync()).ActiveInstances;
        await kill();
        var clock = Stopwatch.StartNew();
        output.WriteLine($"server killed with {active} instances running");
        Assert.True(active > 0, "the load finished before the server was killed");

        // The outage: the workers keep polling against a server that is gone, and must not give up.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(first.HasExited || second.HasExited, $"a worker exited while the server was down:\n{first.Output}\n{second.Output}");
        await restart();
        await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, $"work was left:\n{first.Output}\n{second.Output}");
        var recovery = clock.Elapsed;
        await File.WriteAllTextAsync(stop, "stop");
        Assert.Equal(0, await first.WaitForExitAsync(s_timeout));
        Assert.Equal(0, await second.WaitForExitAsync(s_timeout));

        await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
        var figures = new ScenarioFigures("database server killed (SIGKILL) and restarted mid-run", Workflows, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
        output.WriteLine($"FIGURES {figures}");
        oracle.AssertHolds(figures.Scenario);
        return figures;
    }
}
