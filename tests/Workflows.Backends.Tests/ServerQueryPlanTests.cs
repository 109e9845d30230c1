namespace Workflows.Backends.Tests;

/// <summary>
/// The dashboard's reads on the server backends stay on an index at millions of instances: every page of the
/// instance list (no filter, each filter, a deep page by cursor) reads the index meant for it in id order, and the
/// stats counts and the expired-instance query read theirs, with no scan of every execution and no sort. The cases
/// are here; each subclass fills its schema at a size where its planner chooses as it would in production
/// (<see cref="Running"/> running and <see cref="Finished"/> finished executions, statistics gathered) and reads its
/// server's EXPLAIN.
/// </summary>
/// <remarks>
/// The finished executions are named <c>f&lt;n&gt;</c>, run workflow <c>n&lt;n % 50&gt;</c> on queue <c>q&lt;n % 50&gt;</c>,
/// finished <c>n</c> seconds ago, every hundredth failed; the running ones are <c>i&lt;n&gt;</c> (workflow <c>wf</c>, queue
/// <c>default</c>, every thousandth with a task error, that is blocked).
/// </remarks>
public abstract class ServerQueryPlanTests
{
    /// <summary>Running executions the subclass inserts.</summary>
    protected const int Running = 50_000;

    /// <summary>Finished executions the subclass inserts, after the running ones (so with higher ids).</summary>
    protected const int Finished = 50_000;

    private const string Newest = "ix_executions_newest";
    private const string ByStatus = "ix_executions_list";
    private const string ByName = "ix_executions_latest_name";
    private const string ByQueue = "ix_executions_latest_queue";
    private const string ByParent = "ix_executions_latest_parent";

    /// <summary>One table access of a plan.</summary>
    /// <param name="Table">The table (or its alias) read.</param>
    /// <param name="Index">The index read, or null for the table itself.</param>
    /// <param name="ReadsEveryRow">Whether the access reads the whole table or a whole index.</param>
    /// <param name="Sorts">Whether rows are sorted (or grouped through a temporary table) after they are read.</param>
    protected sealed record PlanRow(string Table, string? Index, bool ReadsEveryRow, bool Sorts);

    // The parent filter matches one parent's children, whom a plan may sort (few rows, not every instance).
    public static TheoryData<string, string> ListCases => new()
    {
        { "none", Newest },
        { "deep page", Newest },
        { "status Completed", ByStatus },
        { "status Failed", ByStatus },
        { "status Running", ByStatus },
        { "name", ByName },
        { "name matching none", ByName },
        { "queue", ByQueue },
        { "queue matching none", ByQueue },
        { "name and status Completed", ByName },
        { "prefix", Newest },
        { "finished range", Newest },
        { "parent", ByParent },
        { "parent and name", ByParent },
    };

    [Theory]
    [MemberData(nameof(ListCases))]
    public async Task ListInstances_EachFilter_ReadsItsIndexInIdOrderWithoutSorting(string filter, string index)
    {
        var page = new InstanceQuery { PageSize = 50 };
        var query = filter switch
        {
            "none" => page,
            "deep page" => page with { Cursor = (Running + (Finished / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "status Completed" => page with { Status = WorkflowStatus.Completed },
            "status Failed" => page with { Status = WorkflowStatus.Failed },
            "status Running" => page with { Status = WorkflowStatus.Running },
            "name" => page with { WorkflowName = "n7" },
            "name matching none" => page with { WorkflowName = "missing" },
            "queue" => page with { Queue = "q7" },
            "queue matching none" => page with { Queue = "missing" },
            "name and status Completed" => page with { WorkflowName = "n7", Status = WorkflowStatus.Completed },
            "prefix" => page with { InstanceIdPrefix = "f123" },
            "finished range" => page with { FinishedFrom = DateTimeOffset.UtcNow.AddHours(-2), FinishedBefore = DateTimeOffset.UtcNow.AddHours(-1) },
            "parent" => page with { ParentInstanceId = "f7" },
            "parent and name" => page with { ParentInstanceId = "f7", WorkflowName = "n7" },
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
        };
        long before = query.Cursor is { } cursor ? long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture) : long.MaxValue;
        var (sql, parameters) = ListInstances(query, before, query.PageSize + 1);

        var plan = await ExplainAsync(sql, parameters);

        AssertReads(plan, index, fewRowsMaySort: filter.StartsWith("parent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CountActiveInstances_ReadsOnlyTheRunningExecutionsIndex()
        => AssertReads(await ExplainAsync(Statement("CountActiveInstances"), []), "ux_executions_running");

    [Fact]
    public async Task CountInstancesByStatus_ReadsTheStatusIndexInGroupOrder()
        => AssertReads(await ExplainAsync(Statement("CountInstancesByStatus"), []), ByStatus, countsEveryInstance: true);

    [Fact]
    public async Task CountInstancesByWorkflowName_ReadsTheNameIndexInGroupOrder()
        => AssertReads(await ExplainAsync(Statement("CountInstancesByWorkflowName"), []), ByName, countsEveryInstance: true);

    [Fact]
    public async Task SelectFinishedInstancesForUpdate_ReadsTheFinishedIndexOldestFirst()
        => AssertReads(
            await ExplainAsync(Statement("SelectFinishedInstancesForUpdate"), [("@finishedBefore", DateTime.UtcNow.AddHours(-10)), ("@limit", 100)]),
            "ix_executions_finished");

    /// <summary>The backend's list statement for one page (its <c>Sql.ListInstances</c>).</summary>
    protected abstract (string Sql, (string Name, object? Value)[] Parameters) ListInstances(InstanceQuery query, long before, int limit);

    /// <summary>The backend's statement of that name (a constant of its <c>Sql</c> class).</summary>
    protected abstract string Statement(string name);

    /// <summary>The plan of <paramref name="sql"/> bound to <paramref name="parameters"/>, one row per table access.</summary>
    protected abstract Task<IReadOnlyList<PlanRow>> ExplainAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters);

    /// <summary>Indexes that serve the statement as well as <paramref name="index"/> on this backend (same entries, same order).</summary>
    protected virtual IEnumerable<string> Equivalent(string index) => [index];

    /// <summary>Whether a count of every latest execution may read the table instead of an index (a planner's choice).</summary>
    protected virtual bool CountsMayReadTheTable => false;

    // A count of every latest execution reads all of its index by nature; it must still not sort.
    private void AssertReads(IReadOnlyList<PlanRow> plan, string index, bool countsEveryInstance = false, bool fewRowsMaySort = false)
    {
        string shown = string.Join("; ", plan);
        Assert.DoesNotContain(plan, row => row.Sorts && !fewRowsMaySort);
        var executions = Assert.Single(plan, row => row.Index is not null || row.ReadsEveryRow);
        if (countsEveryInstance && CountsMayReadTheTable && executions.Index is null)
        {
            return;
        }

        Assert.True(executions.Index is { } used && Equivalent(index).Contains(used), $"expected {index}: {shown}");
        Assert.False(executions.ReadsEveryRow && !countsEveryInstance, $"reads every row: {shown}");
    }
}
