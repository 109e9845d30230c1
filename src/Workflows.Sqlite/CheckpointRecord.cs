namespace Workflows.Sqlite;

/// <summary>
/// One checkpoint as it ran: which kind, on which connection, when (wall clock and duration) and what SQLite
/// answered. Seen only by <see cref="SqliteFile.CheckpointObserver"/>, which the benchmark harness sets to relate slow
/// steps to checkpoints.
/// </summary>
internal readonly record struct CheckpointRecord(
    string Mode,
    bool OnWriter,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    long WalFrames,
    long CheckpointedFrames,
    bool Busy);
