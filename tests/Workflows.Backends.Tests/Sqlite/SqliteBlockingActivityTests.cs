using Microsoft.Data.Sqlite;
using Workflows.Client;
using Workflows.Sqlite;
using Workflows.TestWorker;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>Activities that block their threads on one healthy worker process: its leases hold, nothing runs twice.</summary>
public sealed class SqliteBlockingActivityTests(ITestOutputHelper output) : IDisposable
{
    private const int Activities = 16;
    private const int RenewalsPerLease = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(180);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Worker_ActivitiesBlockingEveryPoolThreadWithShortLease_KeepsLeasesAndRunsEachOnce()
    {
        string dbPath = _dir.File("blocking.db");
        string stopFile = _dir.File("stop");
        string journal = _dir.File("journal");
        string gate = _dir.File("gate");
        File.WriteAllText(journal, "");
        await using var backend = SqliteBackend.Open(dbPath);
        await backend.GetStatsAsync();

        // A 2 s lease is renewed every 0.67 s; the blocked activities hold the process's pool threads far longer.
        using var worker = TestWorkerProcess.Start(dbPath, "blocking", stopFile, "--lock-timeout", "2");
        await worker.WaitReadyAsync(TimeSpan.FromSeconds(60));
        var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>(TestWorkflows.Blocking, new WorkflowOptions { InstanceId = "blocking" }, journal, gate, Activities);

        // The gate opens once every activity's one claim was renewed several times (it outlived its lease length while
        // the activities blocked), or as soon as anything ran twice or was claimed again.
        var renewals = new Dictionary<long, (string Token, long Until, int Count)>();
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            while (true)
            {
                Assert.False(worker.HasExited, worker.Output);
                Assert.False(timeout.IsCancellationRequested, $"Leases were not renewed within {s_timeout}:\n{worker.Output}");
                if (Duplicates(journal).Count > 0 || ObserveLeases(dbPath, renewals) is var (done, reclaimed) && (reclaimed || done))
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

        Assert.Empty(Duplicates(journal));
        Assert.Equal(Activities, File.ReadAllLines(journal).Length);
        Assert.All(renewals.Values, r => Assert.True(r.Count >= RenewalsPerLease, $"an activity's lease was claimed again: {string.Join(", ", renewals.Values)}"));
    }

    private static List<string> Duplicates(string journal)
        => [.. File.ReadAllLines(journal).GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)];

    /// <summary>
    /// Reads the activity rows: counts renewals of each claim (a later expiry under the same token). Returns whether
    /// every activity has been renewed enough, and whether any claim was replaced by another.
    /// </summary>
    private static (bool Done, bool Reclaimed) ObserveLeases(string dbPath, Dictionary<long, (string Token, long Until, int Count)> seen)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT id, lock_token, locked_until FROM activities WHERE lock_token IS NOT NULL";
        using var reader = command.ExecuteReader();
        bool reclaimed = false;
        while (reader.Read())
        {
            long id = reader.GetInt64(0);
            string token = reader.GetString(1);
            long until = reader.GetInt64(2);
            if (!seen.TryGetValue(id, out var previous))
            {
                seen[id] = (token, until, 0);
            }
            else if (previous.Token != token)
            {
                seen[id] = (token, until, -1000);
                reclaimed = true;
            }
            else if (until > previous.Until)
            {
                seen[id] = (token, until, previous.Count + 1);
            }
        }

        return (seen.Count == Activities && seen.Values.All(v => v.Count >= RenewalsPerLease), reclaimed);
    }
}
