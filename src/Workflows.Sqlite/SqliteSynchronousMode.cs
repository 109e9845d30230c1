namespace Workflows.Sqlite;

/// <summary>How hard SQLite works to put each commit on disk (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// <c>FULL</c>, the default: every commit is synced to disk before it returns, so a committed workflow task
    /// survives a power loss or an operating-system crash.
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>NORMAL</c>, an opt-in: in WAL mode commits are synced at checkpoints only. Faster; survives a crash of the
    /// process, but the last commits can be lost when the machine loses power.
    /// </summary>
    Normal = 1,
}
