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

    /// <summary>
    /// The WAL file's bound in bytes. Checkpoints run on another connection than the writer's, beside it; when the
    /// WAL has grown past this size, one of them waits for the writer to finish its transaction and starts the WAL
    /// over, and the writer cuts the file back to this size (<c>journal_size_limit</c>). A reader that keeps an old
    /// snapshot open keeps the WAL growing until it ends. 64 MiB by default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when set to less than 1 MiB.</exception>
    public long WalSizeLimit
    {
        get => _walSizeLimit;
        init
        {
            _walSizeLimit = value >= MinWalSizeLimit
                ? value
                : throw new ArgumentOutOfRangeException(nameof(WalSizeLimit), value, $"{nameof(WalSizeLimit)} must be at least 1 MiB ({MinWalSizeLimit} bytes).");
        }
    }

    private const long MinWalSizeLimit = 1024 * 1024;
    private readonly long _walSizeLimit = 64L * 1024 * 1024;
}
