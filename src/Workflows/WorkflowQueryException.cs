namespace Workflows;

/// <summary>
/// A query could not be answered: the workflow has no such query, the instance has no committed history yet, its
/// history could not be replayed, or the query member awaited, called a workflow API or threw. Nothing was written.
/// </summary>
public sealed class WorkflowQueryException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="instanceId">The queried instance.</param>
    /// <param name="queryName">The query.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WorkflowQueryException(string instanceId, string queryName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        InstanceId = instanceId;
        QueryName = queryName;
    }

    /// <summary>The queried instance.</summary>
    public string InstanceId { get; }

    /// <summary>The query.</summary>
    public string QueryName { get; }
}
