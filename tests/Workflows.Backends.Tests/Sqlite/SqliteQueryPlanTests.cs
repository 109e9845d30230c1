using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// The polls that run all the time must not scan instances that wait on timers. Asserted on SQLite's query
/// plans, which do not depend on the machine's speed.
/// </summary>
public sealed class SqliteQueryPlanTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<List<string>> PlanAsync(string sql)
    {
        string path = _dir.File("plan.db");
        await using (var backend = SqliteBackend.Open(path))
        {
            await backend.GetStatsAsync();
        }

        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        command.Parameters.AddWithValue("$queues", "[\"default\"]");
        command.Parameters.AddWithValue("$now", 0L);
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(3));
        }

        return details;
    }

    [Theory]
    [InlineData(Sql.FindClaimableExecution)]
    [InlineData(Sql.FindClaimableExecutions)]
    public async Task FindClaimableExecution_WalksReadyEventsByIndex(string sql)
    {
        var plan = await PlanAsync(sql);

        Assert.StartsWith("SEARCH p USING INDEX ix_pending_events_ready", plan[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN e", StringComparison.Ordinal) || d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ActivityClaimCandidates_OnOneQueue_WalkTheClaimIndexInOrderWithoutSorting(bool batch)
    {
        var plan = await PlanAsync(Sql.ActivityClaimCandidates(["default"], batch));

        Assert.Equal(["SEARCH activities USING INDEX ix_activities_claim (queue=?)"], plan);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ActivityClaimCandidates_OnSeveralQueues_SearchTheClaimIndexPerQueue(bool batch)
    {
        var plan = await PlanAsync(Sql.ActivityClaimCandidates(["default", "gpu"], batch));

        Assert.StartsWith("SEARCH activities USING INDEX ix_activities_claim (queue=?)", plan[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN activities", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NextWorkflowTaskDue_ReadsOnlyIndexedRanges()
    {
        var plan = await PlanAsync(Sql.NextWorkflowTaskDue);

        Assert.Contains(plan, d => d.Contains("ix_pending_events_ready", StringComparison.Ordinal));
        Assert.Contains(plan, d => d.Contains("ix_executions_held", StringComparison.Ordinal));
        Assert.Contains(plan, d => d.Contains("ix_executions_delayed", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN e", StringComparison.Ordinal) || d.StartsWith("SCAN p", StringComparison.Ordinal) || d.StartsWith("SCAN pending_events", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> ListFilters() => new()
    {
        { "none", "ix_executions_newest (is_latest=? AND id<?)" },
        { "status", "ix_executions_list (is_latest=? AND status=? AND id<?)" },
        { "name", "ix_executions_latest_name (workflow_name=? AND id<?)" },
        { "queue", "ix_executions_latest_queue (queue=? AND id<?)" },
        { "status and name", "ix_executions_latest_name (workflow_name=? AND id<?)" },
    };

    [Theory]
    [MemberData(nameof(ListFilters))]
    public async Task ListInstances_EachFilter_ReadsItsIndexInIdOrderWithoutSorting(string filter, string index)
    {
        var query = filter switch
        {
            "none" => new InstanceQuery(),
            "status" => new InstanceQuery { Status = WorkflowStatus.Completed },
            "name" => new InstanceQuery { WorkflowName = "Chain" },
            "queue" => new InstanceQuery { Queue = "default" },
            _ => new InstanceQuery { Status = WorkflowStatus.Completed, WorkflowName = "Chain" },
        };

        var plan = await PlanAsync(Sql.ListInstances(query));

        Assert.Equal(["SEARCH executions USING INDEX " + index], plan);
    }

    [Fact]
    public async Task SelectExpiredInstances_WalksFinishedInstancesByIndexOldestFirst()
    {
        var plan = await PlanAsync(Sql.SelectExpiredInstances);

        Assert.Equal(["SEARCH executions USING INDEX ix_executions_finished (completed_at<?)"], plan);
    }

    [Fact]
    public async Task CountActiveInstances_ReadsOnlyTheRunningIndex()
    {
        var plan = await PlanAsync(Sql.CountActiveInstances);

        Assert.Equal(["SCAN executions USING COVERING INDEX ux_executions_running"], plan);
    }

    [Fact]
    public async Task CountInstancesByWorkflowName_GroupsInIndexOrderWithoutATempTree()
    {
        var plan = await PlanAsync(Sql.CountInstancesByWorkflowName);

        Assert.Equal(["SCAN executions USING COVERING INDEX ix_executions_latest_name"], plan);
    }
}
