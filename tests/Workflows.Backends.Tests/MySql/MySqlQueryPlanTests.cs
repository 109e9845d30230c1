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

    [MariaDbTheory]
    [InlineData(nameof(Sql.DeleteExecutionPendingEvents), "p", "ux_pending_events_event")]
    [InlineData(nameof(Sql.DeleteInstancePendingEvents), "p", "ux_pending_events_event")]
    [InlineData(nameof(Sql.DeletePendingTimer), "p", "ux_pending_events_event")]
    [InlineData(nameof(Sql.CarryPendingSignals), "pending_events", "ux_pending_events_event")]
    [InlineData(nameof(Sql.DeleteExecutionActivities), "a", "ux_activities_event")]
    [InlineData(nameof(Sql.DeleteInstanceActivities), "a", "ux_activities_event")]
    public async Task DeleteByInstanceOrExecution_LooksUpTheUniqueKeyByEquality_SoNoOtherInstancesRowIsLocked(string statement, string table, string key)
    {
        string sql = (string)typeof(Sql).GetField(statement)!.GetValue(null)!;

        var plan = await ExplainAsync(sql, withType: true);

        Assert.Contains((table, key, "ref"), plan.Select(row => (row.Table, row.Key, row.Type)));
    }

    private async Task<List<(string Table, string? Key)>> ExplainAsync(string sql)
        => (await ExplainAsync(sql, withType: false)).Select(row => (row.Table, row.Key)).ToList();

    private async Task<List<(string Table, string? Key, string? Type)>> ExplainAsync(string sql, bool withType)
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
        foreach (string name in (string[])["@instanceId", "@executionId", "@newExecutionId"])
        {
            command.Parameters.AddWithValue(name, "x");
        }

        foreach (string name in (string[])["@timerFiredType", "@scheduleEventId", "@signalType"])
        {
            command.Parameters.AddWithValue(name, 1);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?, string?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((
                reader.GetString(reader.GetOrdinal("table")),
                reader.IsDBNull(reader.GetOrdinal("key")) ? null : reader.GetString(reader.GetOrdinal("key")),
                withType && !reader.IsDBNull(reader.GetOrdinal("type")) ? reader.GetString(reader.GetOrdinal("type")) : null));
        }

        return rows;
    }
}
