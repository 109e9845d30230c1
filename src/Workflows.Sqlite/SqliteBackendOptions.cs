using Workflows.Backends;

namespace Workflows.Sqlite;

/// <summary>Options of a <see cref="SqliteBackend"/>.</summary>
public sealed record SqliteBackendOptions
{
    /// <summary>Lease lengths, the clock for leases and timers, and limits shared by every backend.</summary>
    public BackendOptions Backend { get; init; } = new();

    /// <summary>Durability of commits. <see cref="SqliteSynchronousMode.Full"/> unless you opt in to <see cref="SqliteSynchronousMode.Normal"/>.</summary>
    public SqliteSynchronousMode Synchronous { get; init; } = SqliteSynchronousMode.Full;

    /// <summary>How long SQLite itself waits for another connection's lock before reporting the database busy.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times a transaction that still met a busy or locked database is run again, with jittered
    /// exponential back-off, before the error is reported.
    /// </summary>
    public int MaxBusyRetries { get; init; } = 20;

    /// <summary>The first back-off of a workflow task whose stored rows cannot be decoded; it doubles per attempt.</summary>
    public TimeSpan PoisonRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off between two attempts of a poisoned workflow task.</summary>
    public TimeSpan MaxPoisonRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After this many failed attempts to decode an instance's rows, the instance is parked: it stays running with
    /// its last error in <see cref="WorkflowInstanceState.LastTaskError"/> and is no longer claimed.
    /// </summary>
    public int PoisonMaxAttempts { get; init; } = 5;

    /// <summary>Write transactions between two <c>wal_checkpoint(TRUNCATE)</c> calls that keep the WAL file small.</summary>
    public int CheckpointInterval { get; init; } = 1000;
}
