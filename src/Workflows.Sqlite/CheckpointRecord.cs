namespace Workflows.Sqlite;

/// <summary>
/// One checkpoint as it ran: which kind (every one runs beside the writer, on a reader connection), when (wall clock
/// and duration) and what SQLite answered. Seen only by <see cref="SqliteFile.CheckpointObserver"/>, which the benchmark harness sets to relate slow
/// steps to checkpoints.
/// </summary>
internal readonly record struct CheckpointRecord(
    string Mode,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    long WalFrames,
    long CheckpointedFrames,
    bool Busy);
