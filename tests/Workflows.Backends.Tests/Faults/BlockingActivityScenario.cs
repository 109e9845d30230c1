using Workflows.Backends.Tests.Sqlite;
using Workflows.Client;
using Workflows.TestWorker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

/// <summary>One activity row's lease as the database holds it: times in UTC ticks, "now" on the database clock.</summary>
public sealed record ActivityLease(long Id, string Token, long UntilTicks, long NowTicks);

/// <summary>
/// Activities that block their threads on one healthy worker process whose thread pool cannot grow past them
/// (<c>--max-threads</c>): its leases hold, nothing runs twice. Leases are renewed from a thread of their own, and
/// the renewal's I/O must not wait for a pool thread either.
/// </summary>
public static class BlockingActivityScenario
{
    public const int Activities = 16;
    private const int RenewalsPerLease = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(2);

    /// <summary>Runs the scenario; <paramref name="readLeases"/> reads the held activity leases from the database.</summary>
    public static async Task RunAsync(IBackend backend, IReadOnlyList<string> workerArgs, Func<Task<IReadOnlyList<ActivityLease>>> readLeases, ITestOutputHelper output)
    {
        using var dir = new TempDirectory();
        string stopFile = dir.File("stop");
        string journal = dir.File("journal");
        string gate = dir.File("gate");
        File.WriteAllText(journal, "");

        // A 2 s lease is renewed every 0.67 s; the blocked activities hold every thread the pool may have (16) far
        // longer than that.
        using var worker = TestWorkerProcess.Start(workerArgs, "blocking", stopFile, "--lock-timeout", "2", "--max-threads", Activities.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await worker.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>(TestWorkflows.Blocking, new WorkflowOptions { InstanceId = "blocking" }, journal, gate, Activities);

        // The gate opens once every activity's one claim was renewed several times (it outlived its lease length while
        // the activities blocked), or as soon as anything ran twice, was claimed again or let its lease lapse.
        var renewals = new Dictionary<long, (string Token, long Until, int Count)>();
        bool lapsed = false;
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            while (true)
            {
                Assert.False(worker.HasExited, worker.Output);
                Assert.False(timeout.IsCancellationRequested, $"Leases were not renewed within {s_timeout}:\n{worker.Output}");
                var (done, reclaimed, lapsedNow) = Observe(await readLeases(), renewals);
                lapsed |= lapsedNow;
                if (Duplicates(journal).Count > 0 || reclaimed || done || lapsed)
                {
                    break;
                }

                await Task.Delay(100);
            }
        }

        await File.WriteAllTextAsync(gate, "open");
        Assert.Equal(Enumerable.Range(0, Activities).Sum(), await handle.GetResultAsync(s_timeout));
        await File.WriteAllTextAsync(stopFile, "stop");
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        output.WriteLine(string.Join(", ", renewals.Select(r => $"{r.Key}:{r.Value.Count}")));

        Assert.False(lapsed, $"an activity's lease lapsed while its worker ran it: {string.Join(", ", renewals.Values)}");
        Assert.Empty(Duplicates(journal));
        Assert.Equal(Activities, File.ReadAllLines(journal).Length);
        Assert.All(renewals.Values, r => Assert.True(r.Count >= RenewalsPerLease, $"an activity's lease was claimed again: {string.Join(", ", renewals.Values)}"));
    }

    private static List<string> Duplicates(string journal)
        => [.. File.ReadAllLines(journal).GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>
    /// Counts renewals of each claim (a later expiry under the same token). Returns whether every activity has been
    /// renewed enough, whether any claim was replaced by another, and whether a lease is a full lease length past its
    /// expiry (a renewal that late is no renewal: the lease was open to takeover).
    /// </summary>
    private static (bool Done, bool Reclaimed, bool Lapsed) Observe(IReadOnlyList<ActivityLease> leases, Dictionary<long, (string Token, long Until, int Count)> seen)
    {
        bool reclaimed = false, lapsed = false;
        foreach (var lease in leases)
        {
            lapsed |= lease.NowTicks - lease.UntilTicks > s_lease.Ticks;
            if (!seen.TryGetValue(lease.Id, out var previous))
            {
                seen[lease.Id] = (lease.Token, lease.UntilTicks, 0);
            }
            else if (previous.Token != lease.Token)
            {
                seen[lease.Id] = (lease.Token, lease.UntilTicks, -1000);
                reclaimed = true;
            }
            else if (lease.UntilTicks > previous.Until)
            {
                seen[lease.Id] = (lease.Token, lease.UntilTicks, previous.Count + 1);
            }
        }

        return (seen.Count == Activities && seen.Values.All(v => v.Count >= RenewalsPerLease), reclaimed, lapsed);
    }
}
