using Microsoft.Data.Sqlite;
using Workflows.Backends.Tests.Faults;
using Workflows.Sqlite;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>Activities that block their threads on one healthy worker process: its leases hold, nothing runs twice.</summary>
public sealed class SqliteBlockingActivityTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Worker_ActivitiesBlockingEveryPoolThreadWithShortLease_KeepsLeasesAndRunsEachOnce()
    {
        string dbPath = _dir.File("blocking.db");
        await using var backend = SqliteBackend.Open(dbPath);
        await backend.GetStatsAsync();

        await BlockingActivityScenario.RunAsync(backend, [dbPath], () => Task.FromResult<IReadOnlyList<ActivityLease>>(ReadLeases(dbPath)), output);
    }

    // SQLite stores lease times as UTC ticks; the backend's clock is this machine's.
    private static List<ActivityLease> ReadLeases(string dbPath)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT id, lock_token, locked_until FROM activities WHERE lock_token IS NOT NULL";
        using var reader = command.ExecuteReader();
        long now = DateTimeOffset.UtcNow.UtcTicks;
        var leases = new List<ActivityLease>();
        while (reader.Read())
        {
            leases.Add(new ActivityLease(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), now));
        }

        return leases;
    }
}
