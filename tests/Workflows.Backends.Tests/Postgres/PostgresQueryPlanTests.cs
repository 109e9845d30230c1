using Npgsql;
using NpgsqlTypes;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>
/// RELIABILITY.md rule 10: the SKIP LOCKED claims are index-driven, so a claimer locks the rows it walks in index
/// order instead of scanning whole tables, and stays O(log n) however many instances wait. The tables are filled
/// with 50,000 instances waiting on future timers, 2,000 running (leased) activities and a backlog of 50,000 queued
/// ones on two queues, and analyzed, so the planner chooses as it would in production.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresQueryPlanTests(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlConnection _db = null!;

    public async Task InitializeAsync()
    {
        var options = server.CreateOptions();
        await using (var backend = PostgresBackend.Open(server.ConnectionString, options))
        {
            await backend.GetStatsAsync();
        }

        _db = new NpgsqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await _db.OpenAsync();
        await PostgresBackendTests.ExecuteAsync(_db, """
            INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at)
            SELECT 'i' || n, 'e', TRUE, 'wf', 'default', 1, now() FROM generate_series(1, 50000) n;
            INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, ready_at, attributes)
            SELECT 'i' || n, 'e', 't' || n, 1, 1, 0, now() + interval '1 day', '{}' FROM generate_series(1, 50000) n;
            INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes, lock_token, locked_until)
            SELECT 'i' || n, 'e', 'a' || n, 'default', 1, 0, '{}', 'held', now() + interval '1 hour' FROM generate_series(1, 2000) n;
            INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes)
            SELECT 'i' || n, 'e', 'b' || n, CASE WHEN n % 2 = 0 THEN 'default' ELSE 'other' END, 1, 0, '{}' FROM generate_series(1, 50000) n;
            ANALYZE;
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [PostgresFact]
    public async Task ClaimableExecutionForUpdate_WalksReadyPendingEventsByIndex_ThenLooksUpTheExecutionByKey()
    {
        string plan = await ExplainAsync(Sql.ClaimableExecutionForUpdate);

        Assert.Contains("Index Scan using ix_pending_events_ready on pending_events", plan, StringComparison.Ordinal);
        Assert.Matches("Index Scan using ux_executions_[a-z]+ on executions", plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ClaimableActivityForUpdate_WalksAnIndexInClaimOrder_AndStopsAtTheFirstFreeRow()
    {
        string plan = await ExplainAsync(Sql.ClaimableActivityForUpdate);

        // Either the (queue, id) index or the primary key, as the planner prefers: both hand rows over in id order,
        // so the walk ends at the first free row instead of sorting every candidate.
        Assert.Matches("Index Scan using (ix_activities_claim|activities_pkey) on activities", plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    [PostgresTheory]
    [InlineData(nameof(Sql.DeleteExecutionPendingEvents), "ux_pending_events_event")]
    [InlineData(nameof(Sql.DeleteInstancePendingEvents), "ux_pending_events_event")]
    [InlineData(nameof(Sql.DeletePendingTimer), "ux_pending_events_event")]
    [InlineData(nameof(Sql.CarryPendingSignals), "ux_pending_events_event")]
    [InlineData(nameof(Sql.DeleteExecutionActivities), "ux_activities_event")]
    [InlineData(nameof(Sql.DeleteInstanceActivities), "ux_activities_event")]
    [InlineData(nameof(Sql.SelectLatestExecutionShared), "ux_executions_latest")]
    [InlineData(nameof(Sql.SelectActiveExecutionForUpdate), "ux_executions_running")]
    public async Task StatementsByInstanceOrExecution_UseTheirKey_NotATableScan(string statement, string key)
    {
        string sql = (string)typeof(Sql).GetField(statement)!.GetValue(null)!;

        string plan = await ExplainAsync(sql);

        Assert.Contains(key, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    private async Task<string> ExplainAsync(string sql)
    {
        await using var command = _db.CreateCommand();
        command.CommandText = "EXPLAIN " + Sql.ForOneQueue(sql);
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = DateTime.UtcNow });
        command.Parameters.Add(new NpgsqlParameter("queue", NpgsqlDbType.Text) { Value = "default" });
        foreach (string name in (string[])["instanceId", "executionId", "newExecutionId"])
        {
            command.Parameters.AddWithValue(name, "i42");
        }

        foreach (string name in (string[])["timerFiredType", "scheduleEventId", "signalType"])
        {
            command.Parameters.AddWithValue(name, 1);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
