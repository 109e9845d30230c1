namespace Workflows.Sqlite;

/// <summary>How hard SQLite works to put each commit on disk (<c>PRAGMA synchronous</c>).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// The default: a write is answered only once its commit has been synced to disk, so an answered write (a
    /// committed workflow task, a start, a signal) survives a power loss or an operating-system crash. The writer
    /// commits without waiting for the disk and the WAL is synced before the answer, under load beside the writer
    /// (docs/sqlite.md, "Durability notes").
    /// </summary>
    Full = 0,

    /// <summary>
    /// <c>NORMAL</c>, an opt-in: in WAL mode commits are synced at checkpoints only. Faster; survives a crash of the
    /// process, but the last commits can be lost when the machine loses power.
    /// </summary>
    Normal = 1,
}
