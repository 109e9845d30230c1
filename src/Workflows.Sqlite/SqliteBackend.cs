using Microsoft.Data.Sqlite;
using Workflows.Backends;

namespace Workflows.Sqlite;

/// <summary>
/// The embedded backend: one SQLite database file (or a shared in-memory database) holds instances, history,
/// pending events, timers and activity tasks.
/// </summary>
/// <remarks>
/// Concurrency model: WAL journal, so readers never block the writer; every write is one <c>BEGIN IMMEDIATE</c>
/// transaction on the one writer connection this process keeps for the file (writers in this process queue on a
/// semaphore, writers in other processes on SQLite's file lock with a busy timeout); a transaction that still meets a busy
/// database runs again as a whole, with jittered back-off. Every claim writes a fresh lock token and an expiry taken
/// from <see cref="BackendOptions.TimeProvider"/>, read once per transaction; every commit and renewal is fenced on
/// that token. The schema is created and migrated on first use.
/// </remarks>
public sealed partial class SqliteBackend : IBackend, IEagerDispatchBackend, IFusedStepBackend, IBatchClaimBackend, IBackendCounters
{
    // Microsoft.Data.Sqlite runs a statement that meets SQLITE_BUSY again, and again, until the command's timeout
    // (30 s by default; 0 would be forever). SQLite's own busy handler already waited BusyTimeout, and the writer runs
    // the whole transaction again MaxBusyRetries times: on top of those the driver's loop made one write behind another
    // process's lock take MaxBusyRetries times 30 s. One second, the least it takes, leaves the waiting to BusyTimeout.
    private const int DriverBusyRetrySeconds = 1;

    private readonly SqliteBackendOptions _options;
    private readonly string _path;
    private readonly bool _inMemory;
    private readonly string _writerConnectionString;
    private readonly string? _readerConnectionString;
    private readonly SqliteFile _file;
    private readonly WorkSignal _workflowSignal;
    private readonly WorkSignal _activitySignal;
    private int _disposed;
    private long _commits;

    private SqliteBackend(string path, bool inMemory, SqliteBackendOptions options)
    {
        _path = path;
        _inMemory = inMemory;
        _options = options;

        // Backends of one process on the same file share one writer connection and its gate (one writer per
        // process), and their wake-up signals, so a client's write wakes a worker that opened the file separately.
        _file = SqliteFile.Acquire(path);
        _workflowSignal = _file.WorkflowSignal;
        _activitySignal = _file.ActivitySignal;
        if (inMemory)
        {
            _writerConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.Memory,
                Cache = SqliteCacheMode.Shared,
                Pooling = false,
                DefaultTimeout = DriverBusyRetrySeconds,
            }.ToString();
        }
        else
        {
            _writerConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = DriverBusyRetrySeconds,
            }.ToString();
            _readerConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = DriverBusyRetrySeconds,
            }.ToString();
        }
    }

    /// <summary>
    /// Opens (creating it if needed) the database file at <paramref name="path"/>. Nothing is read or written until
    /// first use, which creates or migrates the schema; several processes may open the same file.
    /// </summary>
    /// <exception cref="UnusableDatabaseException">Thrown by the first operation when the file is not a Workflows database, is newer than this code, or is read-only.</exception>
    public static SqliteBackend Open(string path, SqliteBackendOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new SqliteBackend(Path.GetFullPath(path), inMemory: false, options ?? new SqliteBackendOptions());
    }

    /// <summary>
    /// Creates a private in-memory database that lives as long as the backend: for tests and samples. It is not
    /// durable and cannot be shared with other processes.
    /// </summary>
    public static SqliteBackend InMemory(SqliteBackendOptions? options = null)
    {
        var backend = new SqliteBackend($"workflows-{Guid.NewGuid():N}", inMemory: true, options ?? new SqliteBackendOptions());

        // The shared in-memory database exists while one connection to it is open: the writer keeps it alive.
        backend._file.Writer = backend.OpenConnection(backend._writerConnectionString);
        RawStatements.Enable(backend._file.Writer);
        backend._file.WriterSynchronous = backend._options.Synchronous;
        return backend;
    }

    /// <inheritdoc />
    public BackendOptions Options => _options.Backend;

    /// <inheritdoc />
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>The file this backend writes through (tests reach its writer's hooks with it).</summary>
    internal SqliteFile WriterFile => _file;

    /// <summary>The SQLite options of this backend.</summary>
    public SqliteBackendOptions SqliteOptions => _options;

    /// <summary>The full path of the database file, or the name of the in-memory database.</summary>
    public string DataSource => _path;

    /// <summary>
    /// The gate this process's writer holds for each of its transactions on this file. Held by someone else, the writer
    /// waits between transactions: the fault suite's worker holds it to freeze itself without the file's write lock.
    /// </summary>
    internal SemaphoreSlim WriterGate => _file.WriterGate;

    private int BusyTimeoutMs => (int)Math.Clamp(_options.BusyTimeout.TotalMilliseconds, 0, int.MaxValue);

    private DateTimeOffset Now => _options.Backend.TimeProvider.GetUtcNow();

    private SqliteConnection OpenConnection(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            connection.Execute(Sql.ConnectionSettings(BusyTimeoutMs, _options.Synchronous));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async ValueTask EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_file.Initialized)
        {
            return;
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _file.WriterGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (int attempt = 0; !_file.Initialized; attempt++)
            {
                try
                {
                    Initialize();
                    _file.Initialized = true;
                }
                catch (SqliteException ex) when (ex.IsTransient() && attempt < _options.MaxBusyRetries)
                {
                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _file.WriterGate.Release();
        }
    }

    private void Initialize()
    {
        if (!_inMemory && Path.GetDirectoryName(_path) is { } directory && !Directory.Exists(directory))
        {
            throw new UnusableDatabaseException(_path, UnusableDatabaseReason.DirectoryNotFound, $"its directory '{directory}' does not exist.");
        }

        if (!_inMemory && File.Exists(_path) && IsWriteProtected(_path))
        {
            throw new UnusableDatabaseException(_path, UnusableDatabaseReason.ReadOnly, "the file is read-only; Workflows needs to write to it (and to its -wal and -shm files).");
        }

        try
        {
            if (_file.Writer is null)
            {
                _file.Writer = OpenConnection(_writerConnectionString);
                RawStatements.Enable(_file.Writer);
                _file.WriterSynchronous = _options.Synchronous;
            }

            SchemaMigrator.Migrate(_file.Writer, _path, Now);
            if (!_inMemory)
            {
                _file.Writer.Execute(Sql.EnableWal);
                _file.Writer.Execute(Sql.WriterSettings(walAutoCheckpointPages: 0, journalSizeLimitBytes: _options.WalSizeLimit));
                _file.SizeWriterCache(_file.Writer);
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26)
        {
            DropWriter();
            throw new UnusableDatabaseException(_path, UnusableDatabaseReason.NotADatabase, "the file is not a SQLite database.", ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11)
        {
            DropWriter();
            throw Corrupt(ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14)
        {
            DropWriter();
            throw new UnusableDatabaseException(_path, UnusableDatabaseReason.ReadOnly, $"the file cannot be opened for writing ({ex.Message}).", ex);
        }
        catch (UnusableDatabaseException)
        {
            DropWriter();
            throw;
        }
    }

    // SQLITE_CORRUPT: the file was truncated or overwritten. Every later call meets it again; the error names the
    // file, so a worker's poll failures say what is wrong instead of repeating a bare driver error.
    private UnusableDatabaseException Corrupt(SqliteException ex)
        => new(_path, UnusableDatabaseReason.Corrupt, $"the file is damaged ({ex.Message}); restore it from a backup.", ex);

    private Exception Describe(Exception ex) => ex is SqliteException { SqliteErrorCode: 11 } corrupt ? Corrupt(corrupt) : ex;

    private static bool IsWriteProtected(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
        }

        // Checked by mode bits as well as by SQLite's own open, so a file marked read-only is refused even for a
        // privileged user whom the operating system would let write anyway.
        const UnixFileMode anyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        return (File.GetUnixFileMode(path) & anyWrite) == 0;
    }

    private void DropWriter()
    {
        if (_inMemory)
        {
            return;
        }

        CloseWriter();
    }

    // Finalizes the writer's own statements first, so the connection really closes when disposed.
    private void CloseWriter()
    {
        if (_file.Writer is { } writer)
        {
            // The writes committed and not yet answered are synced and answered first.
            _file.WalSync.Close();
            RawStatements.Release(writer);
            writer.Dispose();
        }

        _file.Writer = null;
    }

    private static TimeSpan Backoff(int attempt)
    {
        // Jittered exponential back-off from 5 ms to 1 s: processes that collided do not collide again in step.
        double ms = Math.Min(1000, 5 * Math.Pow(2, Math.Min(attempt, 10)));
        return TimeSpan.FromMilliseconds(ms * (0.5 + Random.Shared.NextDouble()));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a <c>BEGIN IMMEDIATE</c> transaction on the writer connection, with the
    /// clock read once per transaction. Writes queued at the same time share the transaction (group commit): one that
    /// throws is undone alone and its caller gets the exception; the others commit (see <see cref="RunTransaction"/>).
    /// The task completes only after the COMMIT (with Full, after the WAL was synced: <see cref="WalSync"/>), so a
    /// result is never reported before it is durable. A busy or locked database runs the whole transaction again.
    /// <paramref name="answer"/> says where the caller's continuation runs: the worker's own writes pass
    /// <see cref="WriteAnswer.Shared"/>; the public API's writes keep the default.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, DateTimeOffset, T> work, CancellationToken cancellationToken, WriteAnswer answer = WriteAnswer.Alone)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var write = new PendingWrite<T>(this, work, answer, cancellationToken);
        _file.Submit(write);
        if (!cancellationToken.CanBeCanceled)
        {
            return await write.Task.ConfigureAwait(false);
        }

        // Until the writer takes it, the caller may give the write up; after that it runs to its end.
        using (cancellationToken.UnsafeRegister(static state =>
        {
            var pending = (PendingWrite)state!;
            if (pending.TryCancel())
            {
                pending.Cancel();
            }
        }, write))
        {
            return await write.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Runs a batch of this backend's writes as one transaction (on the writer thread; see <see cref="SqliteFile.Submit"/>).</summary>
    internal void RunBatch(List<PendingWrite> batch)
    {
        for (int attempt = 0; ; attempt++)
        {
            _file.EnterWriter();
            try
            {
                if (Volatile.Read(ref _disposed) != 0 || _file.Writer is null)
                {
                    FailAll(batch, new ObjectDisposedException(nameof(SqliteBackend)));
                    return;
                }

                if (_file.WalSync.Failure is { } syncFailure)
                {
                    FailAll(batch, syncFailure);
                    return;
                }

                RunTransaction(_file.Writer, batch);
                return;
            }
            catch (SqliteException ex) when (ex.IsTransient() && attempt < _options.MaxBusyRetries)
            {
                // Another process holds the database: run the whole transaction again after the back-off below.
            }
            catch (Exception ex)
            {
                FailAll(batch, Describe(ex));
                return;
            }
            finally
            {
                _file.WriterGate.Release();
            }

            Thread.Sleep(Backoff(attempt));
        }
    }

    private void RunTransaction(SqliteConnection writer, List<PendingWrite> batch)
    {
        // With Full, once the WAL can be synced beside the writer, the transaction commits at NORMAL and its writes are
        // answered after that sync (WalSync); until then (the writer connection's first transaction) SQLite syncs it.
        bool syncAfter = _options.Synchronous == SqliteSynchronousMode.Full && !_inMemory && _file.WalSync.Ready;
        var mode = syncAfter ? SqliteSynchronousMode.Normal : _options.Synchronous;
        if (_file.WriterSynchronous != mode)
        {
            // The other case above, or another backend of this process on the same file asked for other durability.
            writer.Execute(Sql.SetSynchronous(mode));
            _file.WriterSynchronous = mode;
        }

        // First without savepoints: each one makes SQLite copy every page a write touches first into a sub-journal,
        // up to a fifth of the writer's time, to undo a write that almost never fails after it changed a row. When one
        // does, the transaction is rolled back and runs again with a savepoint per write. Writes change rows, never the
        // schema (which SQLite's count of changed rows would miss), so that count tells whether a failed one left anything.
        if (!TryRunTransaction(writer, batch, savepoints: false, syncAfter))
        {
            TryRunTransaction(writer, batch, savepoints: true, syncAfter);
        }
    }

    /// <summary>
    /// One transaction over the batch. With <paramref name="savepoints"/>, each write runs in its own savepoint and one
    /// that throws is rolled back alone. Without, a write that throws before it changed a row simply has nothing to
    /// undo; one that throws after is the only case that needs a savepoint, so the transaction is rolled back, nothing
    /// is published, and the method returns false. With <paramref name="syncAfter"/> the committed writes are answered
    /// once the WAL has been synced (see <see cref="WalSync"/>), otherwise at once.
    /// </summary>
    private bool TryRunTransaction(SqliteConnection writer, List<PendingWrite> batch, bool savepoints, bool syncAfter)
    {
        var now = Now;
        bool alone = batch.Count == 1;
        savepoints &= !alone;
        writer.Execute(Sql.BeginImmediate);
        long changesAtBegin = writer.TotalChanges();
        try
        {
            foreach (var write in batch)
            {
                if (savepoints)
                {
                    writer.Execute(Sql.Savepoint);
                }

                long changedBefore = savepoints ? 0 : writer.TotalChanges();
                if (write.Run(writer, now))
                {
                    if (savepoints)
                    {
                        writer.Execute(Sql.ReleaseSavepoint);
                    }

                    continue;
                }

                if (write.Error is SqliteException { } failure && (failure.IsTransient() || !writer.InTransaction()))
                {
                    // The database, not the write, failed: the whole transaction goes (and may run again).
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                }

                if (alone)
                {
                    // Nothing else to commit: roll back and spare the fsync.
                    SchemaMigrator.TryRollback(writer);
                    PendingWrite.PublishAll(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch));
                    return true;
                }

                if (savepoints)
                {
                    writer.Execute(Sql.RollbackToSavepoint);
                    writer.Execute(Sql.ReleaseSavepoint);
                }
                else if (writer.TotalChanges() != changedBefore)
                {
                    SchemaMigrator.TryRollback(writer);
                    return false;
                }
            }

            writer.Execute(Sql.Commit);
        }
        catch
        {
            // A failed COMMIT of a local SQLite database did not commit: rolling back and running the whole
            // transaction again (fenced as it is) cannot write anything twice.
            SchemaMigrator.TryRollback(writer);
            throw;
        }

        Interlocked.Increment(ref _commits);
        if (syncAfter && writer.TotalChanges() != changesAtBegin)
        {
            // Under load (more writes queued, or several in this batch) the sync runs beside the writer; a lone write
            // is synced by the writer itself, which spares it the hop to the sync thread.
            _file.WalSync.Answer([.. batch], handOff: _file.MoreQueued || batch.Count > 1);
        }
        else
        {
            PendingWrite.PublishAll(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batch));
            if (_options.Synchronous == SqliteSynchronousMode.Full && !_inMemory && !_file.WalSync.Ready)
            {
                OpenWalSync();
            }
        }

        AfterCommit(writer);
        return true;
    }

    /// <summary>
    /// Opens <see cref="WalSync"/>'s handle on the WAL after the writer connection's first transaction at FULL. Like
    /// <see cref="AfterCommit"/>, this runs after the batch was answered, so a failure must not reach
    /// <see cref="RunBatch"/>: the next transaction runs at FULL again and tries again after it.
    /// </summary>
    private void OpenWalSync()
    {
        try
        {
            _file.WalSync.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // As above: SQLite keeps syncing each commit itself meanwhile.
        }
    }

    private static void FailAll(List<PendingWrite> batch, Exception error)
    {
        foreach (var write in batch)
        {
            write.Fail(error);
        }
    }

    /// <summary>
    /// The housekeeping after a commit: the WAL's pacing and, now and then, the writer's cache size. The batch has
    /// committed and its callers have their answers, so nothing that fails here may reach <see cref="RunBatch"/>, which
    /// would take it for the batch's own error: a busy one would run the committed batch again, writing a second time
    /// what had no fence to stop it. What failed is tried again at its next interval, and a database that stays broken
    /// fails the next write instead.
    /// </summary>
    private void AfterCommit(SqliteConnection writer)
    {
        if (_inMemory)
        {
            return;
        }

        try
        {
            _file.AfterCommit(writer, () => OpenConnection(_readerConnectionString!), _options.WalSizeLimit, BusyTimeoutMs);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            // As above: the next interval tries again.
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one read transaction (a consistent snapshot). A file database reads on a pooled
    /// connection of its own, beside the writer (WAL); an in-memory database has only the writer connection.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<SqliteConnection, DateTimeOffset, T> work, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                if (_inMemory)
                {
                    await _file.WriterGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        return ReadOn(_file.Writer ?? throw new ObjectDisposedException(nameof(SqliteBackend)), work);
                    }
                    finally
                    {
                        _file.WriterGate.Release();
                    }
                }

                var reader = _file.RentReader() ?? OpenConnection(_readerConnectionString!);
                try
                {
                    var result = ReadOn(reader, work);
                    _file.ReturnReader(reader);
                    return result;
                }
                catch
                {
                    reader.Dispose();
                    throw;
                }
            }
            catch (SqliteException ex) when (ex.IsTransient() && attempt < _options.MaxBusyRetries)
            {
                await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 11)
            {
                throw Corrupt(ex);
            }
        }
    }

    private T ReadOn<T>(SqliteConnection connection, Func<SqliteConnection, DateTimeOffset, T> work)
    {
        var now = Now;
        connection.Execute(Sql.BeginDeferred);
        try
        {
            var result = work(connection, now);
            connection.Execute(Sql.Commit);
            return result;
        }
        catch
        {
            SchemaMigrator.TryRollback(connection);
            throw;
        }
    }

    /// <summary>The <c>PRAGMA synchronous</c> value this backend's write transactions run with (1 NORMAL, 2 FULL).</summary>
    internal Task<long> ReadSynchronousSettingAsync(CancellationToken cancellationToken = default)
        => WriteAsync((db, now) => Convert.ToInt64(db.Scalar(Sql.ReadSynchronous), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>The writer connection's <c>PRAGMA cache_size</c> (negative: KiB; positive: pages).</summary>
    internal Task<long> ReadWriterCacheSizeAsync(CancellationToken cancellationToken = default)
        => WriteAsync((db, now) => Convert.ToInt64(db.Scalar(Sql.ReadCacheSize), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _workflowSignal.Notify();
        _activitySignal.Notify();
        if (!_file.Release())
        {
            return; // Other backends of this process still use the file and its writer.
        }

        await _file.WriterGate.WaitAsync().ConfigureAwait(false);
        try
        {
            CloseWriter();

            // Close the idle readers too, so the file is released when the backend is.
            _file.CloseReaders();
        }
        finally
        {
            _file.WriterGate.Release();
        }
    }
}
