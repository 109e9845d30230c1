using System.Diagnostics;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Workflows.History;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

public static partial class FaultScenario
{
    /// <summary>How far the two workers' clocks are off, one ahead and one behind.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Two workers whose clocks are ten minutes ahead and ten minutes behind share the load: the workflows' time is
    /// the backend's, so no timer fires early (or ten minutes late), and no lease is taken over before it lapsed on
    /// the backend's clock (no re-execution without a fault).
    /// </summary>
    public static async Task<ScenarioFigures> RunSkewedClocksAsync(FaultTarget target, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string journal = dir.File("journal");
        string stop = dir.File("stop");
        // Leases of 10 s: a clock that leaked into lease expiry would take them over ten minutes early, whatever their
        // length, while a busy CI machine that delays a renewal past a 2 s lease would re-execute with no skew at all.
        string[] common = ["--lock-timeout", "10", "--journal", journal];
        string seconds = Skew.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var ahead = TestWorkerProcess.Start(target.WorkerArgs, "ahead", stop, [.. common, "--clock-offset", seconds]);
        using var behind = TestWorkerProcess.Start(target.WorkerArgs, "behind", stop, [.. common, "--clock-offset", "-" + seconds]);
        await ahead.WaitReadyAsync(s_timeout);
        await behind.WaitReadyAsync(s_timeout);

        var oracle = new ReliabilityOracle();
        await StartMixedAsync(new WorkflowClient(target.Backend), oracle);
        await WaitForAsync(async () => (await target.Backend.GetStatsAsync()).ActiveInstances == 0, $"work was left:\n{ahead.Output}\n{behind.Output}");
        var recovery = clock.Elapsed;
        var finishedAt = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(stop, "stop");
        Assert.Equal(0, await ahead.WaitForExitAsync(s_timeout));
        Assert.Equal(0, await behind.WaitForExitAsync(s_timeout));
        Assert.True(ahead.Output.Contains("activities=", StringComparison.Ordinal) && behind.Output.Contains("activities=", StringComparison.Ordinal));

        // Every workflow task's time is the backend's (this machine's, for the test), never a skewed worker's; and
        // every timer was scheduled for its full delay after the time of the task that scheduled it, and delivered
        // no earlier than that (I6, in the oracle).
        var slack = TimeSpan.FromMinutes(1);
        foreach (string id in oracle.Started.Keys)
        {
            var history = await target.Backend.GetWorkflowInstanceHistoryAsync((await target.Backend.GetWorkflowInstanceStateAsync(id)).Instance);
            DateTimeOffset taskTime = default;
            foreach (var e in history)
            {
                if (e.Attributes is WorkflowTaskStartedAttributes)
                {
                    Assert.True(e.Timestamp >= startedAt - slack && e.Timestamp <= finishedAt + slack, $"{id}: a workflow task ran at {e.Timestamp:O}, outside the run ({startedAt:O} to {finishedAt:O}): a worker's skewed clock leaked into the workflow's time");
                    taskTime = e.Timestamp;
                }
                else if (e.Attributes is TimerScheduledAttributes scheduled)
                {
                    Assert.True(scheduled.FireAt - taskTime >= TimeSpan.FromSeconds(1), $"{id}: {e} is due {scheduled.FireAt - taskTime} after its task's time");
                }
            }
        }

        await oracle.CheckAsync(target.Backend, target.Scalar, target.IntegrityOk, journal);
        var figures = new ScenarioFigures("two workers with clocks skewed +/-10 min", Workflows, oracle.Lost, oracle.DuplicateEvents, oracle.ReExecutions, recovery);
        output.WriteLine($"FIGURES {figures}");
        oracle.AssertHolds(figures.Scenario);
        Assert.Equal(0, oracle.ReExecutions);
        return figures;
    }
}
