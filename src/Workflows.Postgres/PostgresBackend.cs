using System.Net.Sockets;
using Npgsql;
using Workflows.Backends;

namespace Workflows.Postgres;

/// <summary>
/// The backend for many workers on many machines: one PostgreSQL (13 or later) schema holds instances, history,
/// pending events, timers and activity tasks; workers and clients talk to it directly, and idle workers are woken by
/// <c>LISTEN/NOTIFY</c> when another process makes work claimable.
/// </summary>
/// <remarks>
/// Concurrency model: every write is one short READ COMMITTED transaction on a pooled connection. Work is claimed
/// with <c>FOR UPDATE SKIP LOCKED</c> on an index-driven query, so claimers never wait for each other; each claim
/// writes a fresh lock token and an expiry on the database clock (<c>now()</c>, the transaction's start); every
/// commit and renewal is fenced on that token and checked by its matched-row count. A serialization failure
/// (40001), deadlock (40P01), lock timeout (55P03) or dropped connection runs the whole transaction again with
/// jittered, capped back-off; when the connection drops during COMMIT, the outcome is read back before anything is
/// retried. The schema is created and migrated on first use under an advisory lock.
/// </remarks>
public sealed partial class PostgresBackend : IBackend, IEagerDispatchBackend, IFusedStepBackend, IBatchClaimBackend, IBackendCounters
{
    private readonly PostgresBackendOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _migrationDataSource;
    private readonly WorkSignal _workflowSignal = new();
    private readonly WorkSignal _activitySignal = new();
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;
    private long _commits;

    private PostgresBackend(string connectionString, PostgresBackendOptions options)
    {
        _options = options;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The connection string is not a valid Npgsql connection string: {ex.Message}", nameof(connectionString), ex);
        }

        if (options.SchemaName is { } schema)
        {
            if (schema.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(schema) > 63 || schema.Contains('"', StringComparison.Ordinal) || schema.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{schema}' is not a usable schema name (1 to 63 bytes, no double quote).", nameof(options));
            }

            // Quoted, so the name is taken as written (PostgreSQL folds unquoted names to lower case).
            builder.SearchPath = "\"" + schema + "\"";
        }

        SchemaName = options.SchemaName;
        // The migration holds a session-level advisory lock: its session is unpooled, so closing it ends the session
        // and with it the lock, whatever happened to the unlock.
        _migrationDataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false });

        // Work sessions leave no state behind: every write is one transaction that commits or rolls back (the
        // isolation level is given at each BEGIN; a session whose rollback failed is not pooled again), and they hold
        // no LISTEN, advisory lock, temporary table or session setting. A reset on each return to the pool (DISCARD
        // ALL, sent ahead of the next command) would cost the server a statement per transaction and drop the
        // session's prepared statements.
        builder.NoResetOnClose = true;
        _dataSource = NpgsqlDataSource.Create(builder);
        _listenDataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString)
        {
            // One long-lived session; keepalives notice a server that went away while it sat idle.
            Pooling = false,
            KeepAlive = 15,
        });
    }

    /// <summary>
    /// Opens a backend on the server and database of <paramref name="connectionString"/> (an Npgsql connection
    /// string). Nothing is read or written until first use, which creates or migrates the schema.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string or the schema name is not usable.</exception>
    public static PostgresBackend Open(string connectionString, PostgresBackendOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new PostgresBackend(connectionString, options ?? new PostgresBackendOptions());
    }

    /// <inheritdoc />
    public BackendOptions Options => _options.Backend;

    /// <inheritdoc />
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>The PostgreSQL options of this backend.</summary>
    public PostgresBackendOptions PostgresOptions => _options;

    /// <summary>The schema named in the options, or null when the connection's search path decides.</summary>
    private string? SchemaName { get; }

    /// <summary>
    /// Brings the schema up to date and learns its name, which names the notification channel; the shared
    /// EnsureInitializedAsync calls it once per backend, retrying transient failures.
    /// </summary>
    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _migrationDataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string schema = await SchemaMigrator.MigrateAsync(connection, SchemaName, _options.MigrationLockTimeout, cancellationToken).ConfigureAwait(false);
        _channel = ChannelFor(schema);
    }

    /// <summary>
    /// Commits, sending first (in the same round trip) the notification that wakes other processes' pollers for the
    /// kinds of work this transaction made claimable. PostgreSQL delivers it only if the COMMIT lands.
    /// </summary>
    private async Task CommitAsync(Db db, CancellationToken cancellationToken)
    {
        if (db.WakesWorkflows || db.WakesActivities)
        {
            db.Defer(Sql.Notify, ("@channel", _channel), ("@payload", NotificationPayload(db.WakesWorkflows, db.WakesActivities)));
        }

        await db.SendAsync(Sql.Commit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rolls back a transaction that did not commit. When the rollback fails (a broken session, as a rule) the pool is
    /// cleared, so this session is closed when it is returned instead of being handed out again.
    /// </summary>
    private async Task RollbackAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.FullState.HasFlag(System.Data.ConnectionState.Open))
            {
                await ExecuteControlAsync(connection, Sql.Rollback, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or SocketException or InvalidOperationException or TimeoutException)
        {
            // The caller reports the original failure.
            _dataSource.Clear();
        }
    }

    private ValueTask<NpgsqlConnection> OpenWorkConnectionAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    // Called by the shared BackoffAsync after a connection failure.
    private Task ClearPoolsAsync(CancellationToken cancellationToken)
    {
        _dataSource.Clear();
        return Task.CompletedTask;
    }

    /// <summary>A serialization failure, deadlock, lock timeout, or a connection that failed or could not be made.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable } => true,
        _ => IsConnectionFailure(exception),
    };

    /// <summary>The connection broke or could not be made: the server restarted, went away or is starting.</summary>
    internal static bool IsConnectionFailure(Exception exception) => exception switch
    {
        // Class 08 connection exceptions, 57P01-57P03 shutdown / crash / starting up, 53300 too many connections.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal)
            || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException or EndOfStreamException or TimeoutException,
        IOException or SocketException or EndOfStreamException => true,
        _ => false,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _workflowSignal.Notify();
        _activitySignal.Notify();
        await StopListeningAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _migrationDataSource.DisposeAsync().ConfigureAwait(false);
        await _listenDataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Under READ COMMITTED a locking read that waited for a transaction which replaced the latest execution
    /// (continue-as-new, a new start) re-checks only the row it waited for, now no longer the latest, and cannot see
    /// the row that transaction inserted. So the shared instance code confirms an empty locking read by a plain read,
    /// which takes a new snapshot (see ServerBackend.Instances.cs).
    /// </summary>
    private static bool LockingReadsMissNewRows => true;

    /// <summary>
    /// PostgreSQL text cannot hold U+0000: a value with one is refused here, by name, instead of failing as an encoding
    /// error deep in a transaction.
    /// </summary>
    internal static void CheckStorable(string value, string what, string paramName)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {what} '{value.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL character (U+0000), which PostgreSQL text cannot store.", paramName);
        }
    }
}
