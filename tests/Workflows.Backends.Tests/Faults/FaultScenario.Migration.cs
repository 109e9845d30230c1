using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

public static partial class FaultScenario
{
    /// <summary>
    /// The first process to open a new database is killed (SIGKILL) after a numbered schema script ran and before its
    /// journal entry was written. The next open finishes the migration, and the load then runs with every invariant.
    /// </summary>
    /// <param name="target">The database; <see cref="FaultTarget.Backend"/> must not have been opened yet.</param>
    /// <param name="journalRows">Reads the schema journal as "version:script" entries, comma-separated.</param>
    /// <param name="expectedJournal">The journal of a current schema.</param>
    /// <param name="output">Where the figures go.</param>
    public static async Task<ScenarioFigures> RunMigrationKillAsync(FaultTarget target, Func<Task<string>> journalRows, string expectedJournal, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string stop = dir.File("stop");
        string[] common = ["--lock-timeout", "2", "--journal", journal];
        using (var migrating = TestWorkerProcess.Start(target.WorkerArgs, "migrating", stop, [.. common, "--fault", FaultPoints.SchemaScriptApplied, "--fault-after", "1"]))
        {
            await migrating.WaitForExitAsync(s_timeout);
            Assert.Contains($"fault {FaultPoints.SchemaScriptApplied}", migrating.Output, StringComparison.Ordinal);
        }

        // Reopened: the migration completes (the script runs again, or for the first time if its effects were
        // rolled back) and the journal is whole.
        var oracle = new ReliabilityOracle();
        await StartMixedAsync(new WorkflowClient(target.Backend), oracle);
        Assert.Equal(expectedJournal, await journalRows());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var worker = TestWorkerProcess.Start(target.WorkerArgs, "worker", stop, common);
        await worker.WaitReadyAsync(s_timeout);
        await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, $"work was left:\n{worker.Output}");
        var recovery = clock.Elapsed;
        await File.WriteAllTextAsync(stop, "stop");
        Assert.Equal(0, await worker.WaitForExitAsync(s_timeout));

        await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
        var figures = new ScenarioFigures("migration interrupted (SIGKILL between a script and its journal entry)", Workflows, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
        output.WriteLine($"FIGURES {figures}");
        oracle.AssertHolds(figures.Scenario);
        return figures;
    }
}
