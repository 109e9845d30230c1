using System.Data.Common;
using Workflows.Backends;

// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs: the transaction runner every operation
// goes through, the one-time schema migration before the first, and the clock read and BEGIN of each. What differs is
// a member each backend provides: how a work connection is opened (OpenWorkConnectionAsync), how the schema is
// brought up to date (MigrateOnceAsync), how a transaction commits and rolls back (CommitAsync and RollbackAsync;
// PostgreSQL sends its NOTIFY with the COMMIT), which failures are retried (IsTransient, IsConnectionFailure) and how
// the pools are emptied after a connection failure (ClearPoolsAsync); the statements come from its Sql class.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;

public sealed partial class MySqlBackend
#else
namespace Workflows.Postgres;

public sealed partial class PostgresBackend
#endif
{
    /// <summary>
    /// Runs <paramref name="work"/> in one READ COMMITTED transaction with the database clock read once. Failures the
    /// backend's <c>IsTransient</c> names (deadlocks, lock timeouts, serialization failures on PostgreSQL, dropped
    /// connections) run the whole transaction again. If the connection
    /// fails during COMMIT the outcome is unknown: <paramref name="landed"/> (when given) reads whether the
    /// transaction's effects are there, and its answer is returned instead of running the work twice. Without it,
    /// running the work again must be harmless (fenced renewals, releases and claims whose lease would simply lapse).
    /// With <paramref name="beginsWithBatch"/> the BEGIN and the clock read are not sent ahead: the work's first
    /// statement must be a <see cref="Db.BatchReaderAsync"/>, which carries them (see <see cref="Db.Unbegun"/>), and
    /// nothing may read <see cref="Db.Now"/> before it.
    /// </summary>
    private async Task<T> WriteAsync<T>(
        Func<Db, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken,
        Func<Db, CancellationToken, Task<(bool Landed, T Result)>>? landed = null,
        bool beginsWithBatch = false)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; ; attempt++)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            bool committing = false;
            Exception failure;
            try
            {
                await using var connection = await OpenWorkConnectionAsync(cancellationToken).ConfigureAwait(false);
                bool open = false;
                try
                {
                    Db db;
                    if (beginsWithBatch)
                    {
                        open = true;
                        db = Db.Unbegun(connection, _options.UseBackendClock ? LocalNow() : null);
                    }
                    else
                    {
                        var now = await BeginAsync(connection, cancellationToken).ConfigureAwait(false);
                        open = true;
                        db = new Db(connection, now);
                    }

                    T result = await work(db, cancellationToken).ConfigureAwait(false);
                    FaultHook?.Invoke(FaultPoint.BeforeCommit);
                    committing = true;

                    // The caller's token stops the work up to here, never the COMMIT: a cancelled COMMIT may still
                    // land (MySqlConnector reports the KILL it sent as an error after the batch has run), and a claim
                    // that landed unreported would hold its work until the lease lapsed. A worker cancels its polls on
                    // every stop, so this is the graceful stop's path. The command timeout still bounds the round trip.
                    await CommitAsync(db, CancellationToken.None).ConfigureAwait(false);
                    open = false;
                    FaultHook?.Invoke(FaultPoint.AfterCommit);
                    Interlocked.Increment(ref _commits);
                    return result;
                }
                finally
                {
                    if (open)
                    {
                        await RollbackAsync(connection).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (committing && IsConnectionFailure(ex) && landed is not null)
            {
                // The COMMIT may or may not have landed: look before doing anything again.
                var (done, result) = await ReadAsync(landed, cancellationToken).ConfigureAwait(false);
                if (done)
                {
                    Interlocked.Increment(ref _commits);
                    return result;
                }

                if (attempt >= _options.MaxRetries)
                {
                    throw;
                }

                failure = ex;
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < _options.MaxRetries)
            {
                failure = ex;
            }

            await BackoffAsync(failure, attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Points where tests inject faults into <see cref="WriteAsync"/>.</summary>
    internal enum FaultPoint
    {
        BeforeCommit,
        AfterCommit,
    }

    /// <summary>
    /// Tests only: called at each <see cref="FaultPoint"/> of every write; throwing there simulates a failure at that
    /// moment (after the COMMIT: one that landed but whose acknowledgement was lost). A no-op unless set.
    /// </summary>
    internal Action<FaultPoint>? FaultHook { get; set; }

    /// <summary>Runs <paramref name="work"/> on a connection in autocommit mode, retrying transient failures.</summary>
    private async Task<T> ReadAsync<T>(Func<Db, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = await OpenWorkConnectionAsync(cancellationToken).ConfigureAwait(false);
                var db = new Db(connection, await ReadNowAsync(connection, cancellationToken).ConfigureAwait(false));
                return await work(db, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransient(ex) && attempt < _options.MaxRetries)
            {
                await BackoffAsync(ex, attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Migrates the schema before the first operation; transient failures are retried like any write.</summary>
    private async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; !_initialized; attempt++)
            {
                try
                {
                    await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
                    _initialized = true;
                }
                catch (Exception ex) when (IsTransient(ex) && attempt < _options.MaxRetries)
                {
                    await BackoffAsync(ex, attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>Reads the clock for an autocommit read (see <see cref="ReadClockAsync"/>).</summary>
    private Task<DateTime> ReadNowAsync(DbConnection connection, CancellationToken cancellationToken)
        => ReadClockAsync(connection, before: null, cancellationToken);

    /// <summary>
    /// Starts a READ COMMITTED transaction and reads the database clock in one round trip (the BEGIN, with MySQL's
    /// isolation-level statement, and the clock read are one multi-statement command).
    /// </summary>
    private Task<DateTime> BeginAsync(DbConnection connection, CancellationToken cancellationToken)
        => ReadClockAsync(connection, Sql.BeginReadCommitted, cancellationToken);

    /// <summary>
    /// Runs <paramref name="before"/> (if any) and reads the clock: the database's, in the same command, or this
    /// process's when the backend clock is used.
    /// </summary>
    private async Task<DateTime> ReadClockAsync(DbConnection connection, string? before, CancellationToken cancellationToken)
    {
        if (_options.UseBackendClock)
        {
            if (before is not null)
            {
                await ExecuteControlAsync(connection, before, cancellationToken).ConfigureAwait(false);
            }

            return LocalNow();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = before + Sql.SelectDatabaseNow;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return DateTime.SpecifyKind((DateTime)value!, DateTimeKind.Utc);
    }

    /// <summary>This process's clock (the backend's time provider), as the database would hold it.</summary>
    private DateTime LocalNow() => ServerTime.Truncate(Options.TimeProvider.GetUtcNow().UtcDateTime);

    private static async Task ExecuteControlAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task BackoffAsync(Exception failure, int attempt, CancellationToken cancellationToken)
    {
        if (IsConnectionFailure(failure))
        {
            // Pooled connections to a server that went away are all dead; do not hand them out again.
            await ClearPoolsAsync(cancellationToken).ConfigureAwait(false);
        }

        // Jittered exponential back-off: workers that collided do not collide again in step.
        double ms = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
        await Task.Delay(TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble())), cancellationToken).ConfigureAwait(false);
    }
}
