using Workflows.Backends;

namespace Workflows.Postgres;

/// <summary>Options of a <see cref="PostgresBackend"/>.</summary>
public sealed record PostgresBackendOptions
{
    /// <summary>
    /// Lease lengths and limits shared by every backend. Its <see cref="BackendOptions.TimeProvider"/> is not used for
    /// leases or timer visibility: those follow the database clock (<c>now()</c>), the one clock every
    /// worker on every machine agrees on. It still paces local waits.
    /// </summary>
    public BackendOptions Backend { get; init; } = new();

    /// <summary>
    /// The PostgreSQL schema (namespace) that holds the Workflows tables. When set, it is created if missing and
    /// becomes the search path of every connection. When null, the tables live in the first schema of the connection
    /// string's <c>Search Path</c> (<c>public</c> by default).
    /// </summary>
    public string? SchemaName { get; init; }

    /// <summary>The name this process records on the work it leases (<c>locked_by</c>), for diagnostics.</summary>
    public string WorkerName { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// How many times a transaction that met a serialization failure (40001), a deadlock (40P01), a lock timeout (55P03) or a dropped connection is
    /// run again, with jittered exponential back-off, before the error is reported.
    /// </summary>
    public int MaxRetries { get; init; } = 12;

    /// <summary>The first back-off of a retried transaction; it doubles per attempt, jittered.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest back-off between two attempts of a retried transaction.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The first back-off of a workflow task whose stored rows cannot be decoded; it doubles per attempt.</summary>
    public TimeSpan PoisonRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off between two attempts of a poisoned workflow task.</summary>
    public TimeSpan MaxPoisonRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After this many failed attempts to decode an instance's rows, the instance is parked: it stays running with
    /// its last error in <see cref="WorkflowInstanceState.LastTaskError"/> and is no longer claimed.
    /// </summary>
    public int PoisonMaxAttempts { get; init; } = 5;

    /// <summary>
    /// Whether idle pollers in this process hold one extra connection that <c>LISTEN</c>s for the notifications other
    /// processes send when they make work claimable, so new work starts within milliseconds instead of at the next
    /// poll. Polling stays the fallback either way. Turn it off where the server is reached through a pooler in
    /// transaction mode (which does not carry <c>LISTEN</c>).
    /// </summary>
    public bool ListenForWork { get; init; } = true;

    /// <summary>How long the first use waits for another process that is migrating the schema.</summary>
    public TimeSpan MigrationLockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Tests only: take "now" from <see cref="BackendOptions.TimeProvider"/> instead of the database clock, so a fake
    /// clock can expire leases and make timers visible.
    /// </summary>
    internal bool UseBackendClock { get; init; }
}
