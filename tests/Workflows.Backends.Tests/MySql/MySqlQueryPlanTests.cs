using MySqlConnector;
using Workflows.MySql;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// RELIABILITY.md rule 10: the SKIP LOCKED claims are index-driven, so a claimer locks the rows it walks in index
/// order instead of scanning (and briefly locking) whole tables.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlQueryPlanTests(MariaDbServer server)
{
    [MariaDbFact]
    public async Task ClaimableExecutionForUpdate_WalksReadyPendingEventsByIndex_ThenLooksUpTheExecutionByKey()
    {
        var plan = await ExplainAsync(Sql.ClaimableExecutionForUpdate);
        Assert.Equal(("p", "ix_pending_events_ready"), plan[0]);
        Assert.Equal(("e", "ux_executions_execution"), plan[1]);
    }

    [MariaDbFact]
    public async Task ClaimableActivityForUpdate_WalksTheQueueIndex()
    {
        var plan = await ExplainAsync(Sql.ClaimableActivityForUpdate);
        Assert.Equal(("activities", "ix_activities_claim"), Assert.Single(plan));
    }

    private async Task<List<(string Table, string? Key)>> ExplainAsync(string sql)
    {
        var options = server.CreateOptions();
        await using (var backend = MySqlBackend.Open(server.ConnectionString, options))
        {
            await backend.GetStatsAsync();
        }

        await using var db = new MySqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "EXPLAIN " + Sql.WithQueues(sql, 1);
        command.Parameters.AddWithValue("@now", DateTime.UtcNow);
        command.Parameters.AddWithValue("@q0", "default");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(reader.GetOrdinal("table")), reader.IsDBNull(reader.GetOrdinal("key")) ? null : reader.GetString(reader.GetOrdinal("key"))));
        }

        return rows;
    }
}
