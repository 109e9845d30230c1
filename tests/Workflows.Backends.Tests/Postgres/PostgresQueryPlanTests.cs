using Npgsql;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>
/// RELIABILITY.md rule 10: the SKIP LOCKED claims are index-driven, so a claimer locks the rows it walks in index
/// order instead of scanning whole tables, and stays O(log n) however many instances wait; and (the cases of
/// <see cref="ServerQueryPlanTests"/>) the instance list, the stats counts and the expired-instance query stay on
/// their indexes. The tables are filled with the base's executions, the running ones waiting on future timers, 2,000
/// running (leased) activities and a backlog of 50,000 queued ones on two queues, then vacuumed and analyzed, so the
/// planner chooses as it would in production (PostgreSQL takes no index hints).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresQueryPlanTests(PostgresServer server) : ServerQueryPlanTests, IAsyncLifetime
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
        await PostgresBackendTests.ExecuteAsync(_db, $$"""
            INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, last_task_error)
            SELECT 'i' || n, 'e', TRUE, 'wf', 'default', 1, now(), CASE WHEN n % 1000 = 0 THEN '{}' END FROM generate_series(1, {{Running}}) n;
            INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, completed_at, parent_instance_id)
            SELECT 'f' || n, 'e', TRUE, 'n' || (n % 50), 'q' || (n % 50), CASE WHEN n % 100 = 0 THEN 3 ELSE 2 END,
                   now() - n * interval '1 second', now() - n * interval '1 second', CASE WHEN n % 10 = 0 THEN 'f' || (n % 997) END
              FROM generate_series(1, {{Finished}}) n;
            INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, ready_at, attributes)
            SELECT 'i' || n, 'e', 't' || n, 1, 1, 0, now() + interval '1 day', '{}' FROM generate_series(1, {{Running}}) n;
            INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes, lock_token, locked_until)
            SELECT 'i' || n, 'e', 'a' || n, 'default', 1, 0, '{}', 'held', now() + interval '1 hour' FROM generate_series(1, 2000) n;
            INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes)
            SELECT 'i' || n, 'e', 'b' || n, CASE WHEN n % 2 = 0 THEN 'default' ELSE 'other' END, 1, 0, '{}' FROM generate_series(1, 50000) n;
            """);

        // Outside the batch: VACUUM cannot run in a transaction block. It sets the visibility map, as autovacuum
        // would on a live table, so counts can read an index alone.
        await PostgresBackendTests.ExecuteAsync(_db, "VACUUM ANALYZE executions");
        await PostgresBackendTests.ExecuteAsync(_db, "ANALYZE pending_events, activities");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [PostgresFact]
    public async Task ClaimableExecutionForUpdate_WalksReadyPendingEventsByIndex_ThenLooksUpTheExecutionByKey()
    {
        string plan = await ExplainStatementAsync(Sql.ClaimableExecutionForUpdate);

        Assert.Contains("Index Scan using ix_pending_events_ready on pending_events", plan, StringComparison.Ordinal);
        Assert.Matches("Index Scan using ux_executions_[a-z]+ on executions", plan);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task ClaimableActivityForUpdate_WalksAnIndexInClaimOrder_AndStopsAtTheFirstFreeRow()
    {
        string plan = await ExplainStatementAsync(Sql.ClaimableActivityForUpdate);

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

        string plan = await ExplainStatementAsync(sql);

        Assert.Contains(key, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }

    protected override (string Sql, (string Name, object? Value)[] Parameters) ListInstances(InstanceQuery query, long before, int limit)
        => Sql.ListInstances(query, before, limit);

    protected override string Statement(string name) => (string)typeof(Sql).GetField(name)!.GetValue(null)!;

    // Choices the planner makes between indexes that read the same entries in the same order: a page without a
    // filter from the partial newest-first index or the primary key (they differ only in executions that are no
    // longer the latest); a status that matches a large share from either of those, filtering as it goes; running
    // executions from any partial index on status = 1.
    protected override IEnumerable<string> Equivalent(string index) => index switch
    {
        "ix_executions_newest" => [index, "executions_pkey"],
        "ix_executions_list" => [index, "ix_executions_newest", "executions_pkey"],
        "ux_executions_running" => [index, "ix_executions_delayed", "ix_executions_parent"],
        _ => [index],
    };

    // To count every latest execution the planner may read the table in sequence with a hash aggregate: the count
    // reads every instance either way.
    protected override bool CountsMayReadTheTable => true;

    protected override async Task<IReadOnlyList<PlanRow>> ExplainAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var rows = new List<PlanRow>();
        foreach (string line in (await ExplainTextAsync(sql, parameters.ToArray())).Split('\n'))
        {
            bool sorts = line.Contains("Sort", StringComparison.Ordinal);
            if (System.Text.RegularExpressions.Regex.Match(line, @"Seq Scan on (\w+)") is { Success: true } seq)
            {
                rows.Add(new PlanRow(seq.Groups[1].Value, null, ReadsEveryRow: true, sorts));
            }
            else if (System.Text.RegularExpressions.Regex.Match(line, @"(?:Index Only Scan|Index Scan)(?: Backward)? using (\w+) on (\w+)") is { Success: true } scan)
            {
                rows.Add(new PlanRow(scan.Groups[2].Value, scan.Groups[1].Value, ReadsEveryRow: false, sorts));
            }
            else if (System.Text.RegularExpressions.Regex.Match(line, @"Bitmap Index Scan on (\w+)") is { Success: true } bitmap)
            {
                // A bitmap scan hands rows over in table order, so a page read through it is sorted after.
                rows.Add(new PlanRow("executions", bitmap.Groups[1].Value, ReadsEveryRow: false, Sorts: true));
            }
            else if (sorts)
            {
                rows.Add(new PlanRow("", null, ReadsEveryRow: false, Sorts: true));
            }
        }

        return rows;
    }

    private async Task<string> ExplainTextAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = _db.CreateCommand();
        command.CommandText = "EXPLAIN " + Sql.ForOneQueue(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value!);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private Task<string> ExplainStatementAsync(string sql) => ExplainTextAsync(
        sql,
        ("now", DateTime.UtcNow),
        ("queue", "default"),
        ("instanceId", "i42"),
        ("executionId", "i42"),
        ("newExecutionId", "i42"),
        ("timerFiredType", 1),
        ("scheduleEventId", 1),
        ("signalType", 1));
}
