using System.Text;

namespace Workflows.Backends.SqlCore;

/// <summary>
/// The instance list's statement (newest first, keyset paging on <c>id &lt; before</c>), built from the filters a
/// query gives and naming only those: a <c>(@x IS NULL OR column = @x)</c> form hides every filter from the planner,
/// which then walks or sorts every instance to find the newest page. With only the given filters in the text, the
/// index for the most selective one serves the page in id order.
/// </summary>
internal static class InstanceListSql
{
    /// <summary>The newest-first walk of the latest executions, for a page no equality filter narrows.</summary>
    public const string Newest = "ix_executions_newest";

    // The server backends' schemas have these (partial "WHERE is_latest" indexes where the engine has them, else
    // leading with is_latest; a backend may serve Newest another way); each hands rows over in id order for its
    // equality filter. The most selective given filter picks the index: a parent has few children, a name or queue
    // is one of several, a status one of five.
    private const string ByParent = "ix_executions_latest_parent";
    private const string ByName = "ix_executions_latest_name";
    private const string ByQueue = "ix_executions_latest_queue";
    private const string ByStatus = "ix_executions_list";

    /// <summary>The index a list page for <paramref name="query"/> is meant to read.</summary>
    public static string IndexFor(InstanceQuery query)
        => query.ParentInstanceId is not null ? ByParent
            : query.WorkflowName is not null ? ByName
            : query.Queue is not null ? ByQueue
            : query.Status is not null || query.BlockedOnly ? ByStatus
            : Newest;

    /// <summary>
    /// The statement and its parameters (only those the text names) for one page of <paramref name="limit"/> rows
    /// with ids below <paramref name="before"/>.
    /// </summary>
    public static (string Sql, (string Name, object? Value)[] Parameters) Build(InstanceQuery query, long before, int limit, ListDialect dialect)
    {
        char p = dialect.ParameterPrefix;
        var sql = new StringBuilder("SELECT ").Append(dialect.Columns).Append(" FROM ").Append(dialect.Table(IndexFor(query)))
            .Append(" WHERE ").Append(dialect.IsLatest).Append(" AND id < ").Append(p).Append("before");
        var parameters = new List<(string, object?)> { (p + "before", before), (p + "limit", limit) };
        Filter(query.Status is { } status ? (int)status : null, "status", "status = {0}");
        Filter(query.WorkflowName, "workflowName", "workflow_name = {0}");
        Filter(query.Queue, "queue", "queue = {0}");
        Filter(query.InstanceIdPrefix, "prefix", dialect.PrefixMatch);
        Filter(query.CreatedFrom is { } cf ? dialect.Time(cf) : null, "createdFrom", "created_at >= {0}");
        Filter(query.CreatedBefore is { } cb ? dialect.Time(cb) : null, "createdBefore", "created_at < {0}");
        Filter(query.FinishedFrom is { } ff ? dialect.Time(ff) : null, "finishedFrom", "completed_at >= {0}");
        Filter(query.FinishedBefore is { } fb ? dialect.Time(fb) : null, "finishedBefore", "completed_at < {0}");
        Filter(query.ParentInstanceId, "parentInstanceId", "parent_instance_id = {0}");
        if (query.BlockedOnly)
        {
            sql.Append(" AND status = 1 AND last_task_error IS NOT NULL");
        }

        sql.Append(" ORDER BY id DESC LIMIT ").Append(p).Append("limit;");
        return (sql.ToString(), parameters.ToArray());

        void Filter(object? value, string name, string predicate)
        {
            if (value is not null)
            {
                string parameter = p + name;
                sql.Append(" AND ").Append(predicate.Replace("{0}", parameter, StringComparison.Ordinal));
                parameters.Add((parameter, value));
            }
        }
    }
}
