using System.Diagnostics;
using MySqlConnector;
using Workflows.Backends.Tests.Server;
using Workflows.MySql;

namespace Workflows.Backends.Tests.MySql;

/// <summary>The round-trip tests (<see cref="ServerRoundTripTests{TBackend}"/>) on MariaDB.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlRoundTripTests(MariaDbServer server) : ServerRoundTripTests<MySqlBackend>
{
    protected override MySqlBackend CreateBackend() => server.CreateBackend();

    protected override string ProviderSource => "MySqlConnector";

    // MySqlConnector names a command or batch sent "Execute" (and a connection opened "Open").
    protected override bool IsRoundTrip(Activity activity) => activity.OperationName == "Execute";

    // InnoDB's locking reads see rows committed by the transaction they waited for.
    protected override bool ConfirmsEmptyLockingReads => false;

    /// <summary>
    /// A fused step's statements name MySQL's clock instead of binding the value read with them, which is one instant
    /// only because their read pins the session's clock; the pin must not outlive the unit of work, as sessions are
    /// pooled without a reset, so every read of the clock releases it. The waits are the server's own (<c>SLEEP</c>),
    /// so the clock moves by at least that much.
    /// </summary>
    [MariaDbFact]
    public async Task FusedStepClockRead_PinsTheSessionClock_AndTheNextReadTakesAFreshOne()
    {
        await using var connection = new MySqlConnection(server.ConnectionString);
        await connection.OpenAsync();

        async Task<DateTime> ScalarAsync(string sql)
        {
            await using var command = new MySqlCommand(sql, connection);
            return (DateTime)(await command.ExecuteScalarAsync())!;
        }

        var pinned = await ScalarAsync(Sql.PinnedClockRead);
        Assert.Equal(pinned, await ScalarAsync("DO SLEEP(0.05); SELECT " + Sql.NowExpression + ";"));

        await using (var sleep = new MySqlCommand("DO SLEEP(0.05);", connection))
        {
            await sleep.ExecuteNonQueryAsync();
        }

        var next = await ScalarAsync(Sql.SelectDatabaseNow);
        Assert.True(next >= pinned.AddMilliseconds(100), $"the next read of the clock returned {next:O}, pinned at {pinned:O}");

        // A pin taken again moves on as well.
        Assert.True(await ScalarAsync(Sql.PinnedClockRead) >= next, "a second pin returned an earlier time");
    }

    /// <summary>A unit of work begun by its first batch has no "now" and sends nothing before that batch.</summary>
    [MariaDbFact]
    public async Task UnitBegunByItsBatch_RefusesStatementsAndTheClockBeforeIt()
    {
        // Open, so that what is refused is refused by the unit of work, not by the connection.
        await using var connection = new MySqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        var db = Db.Unbegun(connection, now: null);

        Assert.Throws<InvalidOperationException>(() => db.Now);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.ExecuteAsync("SELECT 1;", CancellationToken.None));
        db.Defer("SELECT 1;");
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SendAsync(Sql.Commit, CancellationToken.None));
    }
}
