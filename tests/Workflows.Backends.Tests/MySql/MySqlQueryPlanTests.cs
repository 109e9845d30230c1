using MySqlConnector;
using Workflows.MySql;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// RELIABILITY.md rule 10: the SKIP LOCKED claims are index-driven, so a claimer locks the rows it walks in index
/// order instead of scanning (and briefly locking) whole tables; and (the cases of <see cref="ServerQueryPlanTests"/>)
/// the instance list, the stats counts and the expired-instance query stay on their indexes. The schema holds the
/// base's executions, pending events in the future for the running ones (waiting on timers), 2,000 leased activities
/// and a backlog of 50,000 queued ones on two queues, with statistics gathered (ANALYZE TABLE). The list names its
/// index (FORCE INDEX), so its plan does not rest on the statistics; the counts and the other statements do.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlQueryPlanTests(MariaDbServer server) : ServerQueryPlanTests, IAsyncLifetime
{
    private static readonly (string Name, object? Value)[] StatementParameters =
    [
        ("@now", DateTime.UtcNow), ("@q0", "default"), ("@instanceId", "x"), ("@executionId", "x"), ("@newExecutionId", "x"),
        ("@timerFiredType", 1), ("@scheduleEventId", 1), ("@signalType", 1),
    ];

    private MySqlConnection _db = null!;

    public async Task InitializeAsync()
    {
        var options = server.CreateOptions();
        await using (var backend = MySqlBackend.Open(server.ConnectionString, options))
        {
            await backend.GetStatsAsync();
        }

        _db = new MySqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await _db.OpenAsync();
        await using var command = _db.CreateCommand();
        command.CommandTimeout = 600;
        command.CommandText = $$"""
            INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, last_task_error)
            SELECT CONCAT('i', seq), 'e', 1, 'wf', 'default', 1, UTC_TIMESTAMP(6), CASE WHEN seq % 1000 = 0 THEN '{}' END
              FROM seq_1_to_{{Running}} ORDER BY seq;
            INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, completed_at, parent_instance_id)
            SELECT CONCAT('f', seq), 'e', 1, CONCAT('n', seq % 50), CONCAT('q', seq % 50), CASE WHEN seq % 100 = 0 THEN 3 ELSE 2 END,
                   UTC_TIMESTAMP(6) - INTERVAL seq SECOND, UTC_TIMESTAMP(6) - INTERVAL seq SECOND,
                   CASE WHEN seq % 10 = 0 THEN CONCAT('f', seq % 997) END
              FROM seq_1_to_{{Finished}} ORDER BY seq;
            INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, ready_at, attributes)
            SELECT CONCAT('i', seq), 'e', CONCAT('t', seq), 1, 1, 0, UTC_TIMESTAMP(6) + INTERVAL 1 DAY, '{}' FROM seq_1_to_{{Running}};
            INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes, lock_token, locked_until)
            SELECT CONCAT('i', seq), 'e', CONCAT('a', seq), 'default', 1, 0, '{}', 'held', UTC_TIMESTAMP(6) + INTERVAL 1 HOUR FROM seq_1_to_2000;
            INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes)
            SELECT CONCAT('i', seq), 'e', CONCAT('b', seq), CASE WHEN seq % 2 = 0 THEN 'default' ELSE 'other' END, 1, 0, '{}' FROM seq_1_to_50000;
            ANALYZE TABLE executions, pending_events, activities;
            """;
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

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
        var plan = await ExplainRowsAsync(Statement(statement), StatementParameters);

        Assert.Contains((table, key, "ref"), plan.Select(row => (row.Table, row.Key, row.Type)));
    }

    protected override (string Sql, (string Name, object? Value)[] Parameters) ListInstances(InstanceQuery query, long before, int limit)
        => Sql.ListInstances(query, before, limit);

    protected override string Statement(string name) => (string)typeof(Sql).GetField(name)!.GetValue(null)!;

    // The newest-first walk is the table itself, in primary-key order.
    protected override IEnumerable<string> Equivalent(string index) => index == "ix_executions_newest" ? ["PRIMARY"] : [index];

    protected override async Task<IReadOnlyList<PlanRow>> ExplainAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
        => (await ExplainRowsAsync(sql, parameters)).Select(row => new PlanRow(
            row.Table,
            row.Key,
            ReadsEveryRow: row.Type is "ALL" or "index",
            Sorts: row.Extra.Contains("filesort", StringComparison.Ordinal) || row.Extra.Contains("temporary", StringComparison.Ordinal))).ToList();

    private async Task<List<(string Table, string? Key)>> ExplainAsync(string sql)
        => (await ExplainRowsAsync(sql, StatementParameters)).Select(row => (row.Table, row.Key)).ToList();

    private async Task<List<(string Table, string? Key, string? Type, string Extra)>> ExplainRowsAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var command = _db.CreateCommand();
        command.CommandText = "EXPLAIN " + Sql.WithQueues(sql, 1);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string?, string?, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((
                reader.GetString(reader.GetOrdinal("table")),
                Text(reader, "key"),
                Text(reader, "type"),
                Text(reader, "Extra") ?? ""));
        }

        return rows;
    }

    private static string? Text(MySqlDataReader reader, string column)
        => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetString(reader.GetOrdinal(column));
}
