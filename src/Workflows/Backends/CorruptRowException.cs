namespace Workflows.Backends;

/// <summary>
/// A stored row of an instance could not be decoded. Only that instance's task fails: it is retried with back-off
/// and then parked, with this error as its <see cref="WorkflowInstanceState.LastTaskError"/>.
/// </summary>
public sealed class CorruptRowException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    public CorruptRowException(string table, WorkflowInstance instance, string rowKey, Exception innerException)
        : base($"A row of '{table}' for {instance} ({rowKey}) cannot be decoded: {innerException?.Message}", innerException)
    {
        Table = table;
        Instance = instance;
        RowKey = rowKey;
    }

    /// <summary>The table holding the row.</summary>
    public string Table { get; }

    /// <summary>The execution the row belongs to.</summary>
    public WorkflowInstance Instance { get; }

    /// <summary>The row's key within the execution (event id or sequence id).</summary>
    public string RowKey { get; }
}
