using MySqlConnector;
using Workflows.Backends.Tests.Faults;
using Workflows.MySql;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// Activities that block every thread of a starved thread pool on one worker process on MariaDB: the renewals run
/// on the renewal thread with synchronous driver I/O, so the leases hold and nothing runs twice.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlBlockingActivityTests(MariaDbServer server, ITestOutputHelper output)
{
    [MariaDbFact]
    public async Task Worker_ActivitiesBlockingEveryPoolThreadWithShortLease_KeepsLeasesAndRunsEachOnce()
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        await backend.GetStatsAsync(); // creates the schema before the worker starts
        string connection = server.ConnectionStringFor(options.SchemaName!);

        await BlockingActivityScenario.RunAsync(backend, ["--backend", "mysql", "--connection", connection], async () => await ReadLeasesAsync(connection), output);
    }

    private static async Task<List<ActivityLease>> ReadLeasesAsync(string connection)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        await using var command = new MySqlCommand("SELECT id, lock_token, locked_until, UTC_TIMESTAMP(6) FROM activities WHERE lock_token IS NOT NULL", db);
        await using var reader = await command.ExecuteReaderAsync();
        var leases = new List<ActivityLease>();
        while (await reader.ReadAsync())
        {
            leases.Add(new ActivityLease(reader.GetInt64(0), reader.GetString(1), reader.GetDateTime(2).Ticks, reader.GetDateTime(3).Ticks));
        }

        return leases;
    }
}
