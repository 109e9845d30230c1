namespace Workflows.Sqlite;

/// <summary>The database file cannot be used as a Workflows database; nothing was written to it.</summary>
public sealed class UnusableDatabaseException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    public UnusableDatabaseException(string path, UnusableDatabaseReason reason, string message, Exception? innerException = null)
        : base($"The database '{path}' cannot be used by Workflows: {message}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The database path (or in-memory name).</summary>
    public string Path { get; }

    /// <summary>Why it cannot be used.</summary>
    public UnusableDatabaseReason Reason { get; }
}
