using System.Data.Common;
using System.Net.Sockets;
using MySqlConnector;
using Workflows.Backends;

namespace Workflows.MySql;

/// <summary>
/// The backend for many workers on many machines: one MySQL 8 or MariaDB 10.6+ schema holds instances, history,
/// pending events, timers and activity tasks; workers and clients talk to it directly.
/// </summary>
/// <remarks>
/// Concurrency model: every write is one short READ COMMITTED transaction on a pooled connection. Work is claimed
/// with <c>FOR UPDATE SKIP LOCKED</c> on an index-driven query, so claimers never wait for each other; each claim
/// writes a fresh lock token and an expiry on the database clock (<c>UTC_TIMESTAMP(6)</c>, read once per
/// transaction); every commit and renewal is fenced on that token and checked by its matched-row count. A
/// deadlock (1213), lock wait timeout (1205) or dropped connection runs the whole transaction again with jittered,
/// capped back-off; when the connection drops during COMMIT, the outcome is read back before anything is retried.
/// The schema is created and migrated on first use under <c>GET_LOCK</c>.
/// </remarks>
public sealed partial class MySqlBackend : IBackend, IEagerDispatchBackend, IFusedStepBackend, IBatchClaimBackend, IBackendCounters
{
    private readonly MySqlBackendOptions _options;
    private readonly string _connectionString;
    private readonly string _migrationConnectionString;
    private readonly string? _serverConnectionString;
    private readonly WorkSignal _workflowSignal = new();
    private readonly WorkSignal _activitySignal = new();
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;
    private long _commits;

    private MySqlBackend(string connectionString, MySqlBackendOptions options)
    {
        _options = options;
        var builder = new MySqlConnectionStringBuilder(connectionString)
        {
            // Fenced UPDATEs are judged by matched rows, not changed rows (a renewal within the same microsecond
            // changes nothing yet still holds the lease).
            UseAffectedRows = false,
            DateTimeKind = MySqlDateTimeKind.Utc,
            IgnoreCommandTransaction = true,
            AllowUserVariables = false,
        };
        if (options.SchemaName is { } schema)
        {
            if (schema.Length == 0 || schema.Length > 64 || schema.Contains('`', StringComparison.Ordinal) || schema.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{schema}' is not a usable schema name (1 to 64 characters, no backtick).", nameof(options));
            }

            var server = new MySqlConnectionStringBuilder(builder.ConnectionString) { Database = "" };
            _serverConnectionString = server.ConnectionString;
            builder.Database = schema;
        }
        else if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException("The connection string names no database; set Database in it or MySqlBackendOptions.SchemaName.", nameof(connectionString));
        }

        // The migration holds a named lock (GET_LOCK) on its session: that pool keeps the reset, so a session
        // returned after a failure never carries the lock on. Scripts may use user variables (a guard around DDL that
        // MySQL 8 cannot make idempotent with IF NOT EXISTS), and the reset clears them from the session.
        _migrationConnectionString = new MySqlConnectionStringBuilder(builder.ConnectionString) { AllowUserVariables = true }.ConnectionString;

        // Work sessions leave no state behind: every write is one transaction that commits or rolls back (the
        // isolation level is set again at each BEGIN), no user variables, temporary tables or named locks. A reset
        // on each reuse from the pool (COM_RESET_CONNECTION, then SET NAMES) would cost two round trips per
        // transaction.
        _connectionString = new MySqlConnectionStringBuilder(builder.ConnectionString) { ConnectionReset = false }.ConnectionString;
        DatabaseName = builder.Database;
    }

    /// <summary>
    /// Opens a backend on the server and database of <paramref name="connectionString"/> (a MySqlConnector
    /// connection string). Nothing is read or written until first use, which creates or migrates the schema.
    /// </summary>
    public static MySqlBackend Open(string connectionString, MySqlBackendOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new MySqlBackend(connectionString, options ?? new MySqlBackendOptions());
    }

    /// <inheritdoc />
    public BackendOptions Options => _options.Backend;

    /// <inheritdoc />
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>The MySQL options of this backend.</summary>
    public MySqlBackendOptions MySqlOptions => _options;

    /// <summary>The schema (database) that holds the tables.</summary>
    public string DatabaseName { get; }

    private static async Task<MySqlConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates the database when the options name one the connection string does not, and brings its schema up to
    /// date; the shared EnsureInitializedAsync calls it once per backend, retrying transient failures.
    /// </summary>
    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        if (_serverConnectionString is not null)
        {
            await using var server = await OpenConnectionAsync(_serverConnectionString, cancellationToken).ConfigureAwait(false);
            await using var create = server.CreateCommand();
            create.CommandText = Sql.CreateDatabase(DatabaseName);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await OpenConnectionAsync(_migrationConnectionString, cancellationToken).ConfigureAwait(false);
        await SchemaMigrator.MigrateAsync(connection, DatabaseName, _options.MigrationLockTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rolls back a transaction that did not commit, so the pooled session (not reset on reuse) goes back clean. When
    /// the rollback fails (a broken session, as a rule) the pool is cleared, so this session is closed when it is
    /// returned instead of being handed out again; the next BEGIN on any session also starts with a ROLLBACK.
    /// </summary>
    private static async Task RollbackAsync(MySqlConnection connection)
    {
        try
        {
            await ExecuteControlAsync(connection, Sql.Rollback, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MySqlException or IOException or SocketException or InvalidOperationException)
        {
            // The caller reports the original failure.
            await MySqlConnection.ClearPoolAsync(connection, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A connection from the work pool (sessions not reset on reuse; see the constructor).</summary>
    private Task<MySqlConnection> OpenWorkConnectionAsync(CancellationToken cancellationToken) => OpenConnectionAsync(_connectionString, cancellationToken);

    // MySQL has no notification channel: the COMMIT is all there is to send, with the writes still deferred.
    private static Task CommitAsync(Db db, CancellationToken cancellationToken) => db.SendAsync(Sql.Commit, cancellationToken);

    // Called by the shared BackoffAsync after a connection failure.
    private static Task ClearPoolsAsync(CancellationToken cancellationToken) => MySqlConnection.ClearAllPoolsAsync(cancellationToken);

    /// <summary>Deadlock, lock wait timeout, or a connection that failed or could not be made.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout } => true,
        _ => IsConnectionFailure(exception),
    };

    /// <summary>The connection broke or could not be made: the server restarted, went away or is starting.</summary>
    internal static bool IsConnectionFailure(Exception exception) => exception switch
    {
        // 1040 too many connections, 1042 cannot connect, 1053 shutdown in progress, 1927 (MariaDB) and 4031
        // (MySQL) connection killed or closed by the server, 2006/2013 server gone away / lost during query.
        MySqlException m when (int)m.ErrorCode is 1040 or 1042 or 1053 or 1927 or 4031 or 2006 or 2013 => true,
        MySqlException m when m.InnerException is IOException or SocketException or EndOfStreamException => true,
        MySqlException m => m.IsTransient && m.ErrorCode is not (MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout),
        IOException or SocketException or EndOfStreamException => true,
        DbException { IsTransient: true } => true,
        _ => false,
    };

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _workflowSignal.Notify();
            _activitySignal.Notify();
        }

        return ValueTask.CompletedTask;
    }

    // MySQL has no notification channel: a wait looks for work by polling alone, with nothing to prepare.
    private static Task BeforeWaitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // InnoDB's locking reads read the latest committed rows, including rows inserted by the transaction they waited
    // for, so an empty locking read needs no confirmation (see ServerBackend.Instances.cs).
    private static bool LockingReadsMissNewRows => false;

    // The identifier rules already refuse what MySQL cannot store; unlike PostgreSQL text, a MySQL string column
    // holds NUL, so the check the shared commit code makes has nothing more to refuse here.
    internal static void CheckStorable(string value, string what, string paramName)
    {
    }
}
