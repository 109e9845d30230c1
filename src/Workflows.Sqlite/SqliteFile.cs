using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Workflows.Backends;

namespace Workflows.Sqlite;

/// <summary>
/// What all backends of one process share for one database: the single writer connection, the gate that
/// serialises writers in front of it, the queue of writes waiting for it, idle reader connections, the schema
/// check and the wake-up signals. Reference-counted; the last backend to let go closes the connections.
/// </summary>
internal sealed class SqliteFile
{
    // Writes one transaction may carry: large enough to share one fsync among every worker's commits, small
    // enough that a transaction holds the database lock only briefly.
    private const int MaxBatch = 128;

    // Idle reader connections kept open (with their prepared statements) for the next read.
    private const int MaxIdleReaders = 8;

    // Write transactions between two background checkpoints.
    private const int PassiveCheckpointInterval = 64;

    // How long a restarting checkpoint waits for readers and other processes' writers, in milliseconds.
    private const int RestartPatienceMs = 100;

    // The writer's page cache while the file is smaller than SQLite's pending byte (1 GiB), and from then on, in KiB.
    // Below it, SQLite's B-tree balancing swaps two pages through a page number past the file's end
    // (PENDING_BYTE / page size + 1), and the COMMIT after it walks the whole page cache to drop that number again:
    // the larger the cache, the longer every such commit. From 1 GiB on that page number lies inside the file and the
    // walk never happens, so there a large cache only saves reads. Measured in docs/benchmarks.md ("Round two, part ten").
    private const int SmallFileWriterCacheKiB = 8 * 1024;
    private const int LargeFileWriterCacheKiB = 64 * 1024;
    private const long PendingByte = 1L << 30;

    private const int WalHeaderBytes = 32;
    private const int WalFrameHeaderBytes = 24;

    private static readonly Dictionary<string, SqliteFile> s_open = new(StringComparer.Ordinal);
    private static readonly Lock s_lock = new();
    private static long s_pagesAppended;
    private readonly ConcurrentQueue<PendingWrite> _writes = new();
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private int _references;
    private readonly object _drainGate = new();
    private bool _drainSignaled;
    private Thread? _drainThread;
    private volatile bool _released;
    private int _checkpointing;
    private long _pageSize;
    private int _writerCacheKiB;
    private SqliteConnection? _writerCacheSizedFor;
    private volatile bool _closed;
    private volatile bool _initialized;

    // Set while a restarting checkpoint waits for the gate. The semaphore is not fair: a writer with the next batch
    // ready takes it again the moment it releases it, ahead of a waiter that must first be woken, so under steady
    // load the checkpoint would wait (and the WAL grow) for as long as the load lasts.
    private int _checkpointWaiting;
    private readonly object _checkpointTurn = new();

    // Bytes the writer appended to the WAL since the last checkpoint it started; only touched while holding the gate.
    private long _walBytesSinceCheckpoint;

    private SqliteFile(string key)
    {
        Key = key;
        WalSync = new WalSync(key);
    }

    /// <summary>The full path of the file, or the name of the in-memory database.</summary>
    public string Key { get; }

    /// <summary>Writers of this process queue here, so only one transaction at a time uses <see cref="Writer"/>.</summary>
    public SemaphoreSlim WriterGate { get; } = new(1, 1);

    /// <summary>Whether a restarting checkpoint is waiting for <see cref="WriterGate"/>.</summary>
    public bool CheckpointWaiting => Volatile.Read(ref _checkpointWaiting) != 0;

    /// <summary>
    /// Takes <see cref="WriterGate"/> for the writer's next transaction, after a restarting checkpoint that is waiting
    /// for it has had its turn.
    /// </summary>
    public void EnterWriter()
    {
        if (Volatile.Read(ref _checkpointWaiting) != 0)
        {
            lock (_checkpointTurn)
            {
                while (_checkpointWaiting != 0)
                {
                    Monitor.Wait(_checkpointTurn);
                }
            }
        }

        WriterGate.Wait();
    }

    /// <summary>Takes <see cref="WriterGate"/> ahead of the writer's next transaction (see <see cref="EnterWriter"/>).</summary>
    public void EnterAheadOfWriter()
    {
        lock (_checkpointTurn)
        {
            _checkpointWaiting = 1;
        }

        try
        {
            WriterGate.Wait();
        }
        finally
        {
            lock (_checkpointTurn)
            {
                _checkpointWaiting = 0;
                Monitor.PulseAll(_checkpointTurn);
            }
        }
    }

    /// <summary>The one writer connection; only touched while holding <see cref="WriterGate"/>.</summary>
    public SqliteConnection? Writer { get; set; }

    /// <summary>Answers the writer's commits once the WAL has been synced (<see cref="SqliteSynchronousMode.Full"/> on a file).</summary>
    public WalSync WalSync { get; }

    /// <summary>Whether writes are queued for the writer's next transaction.</summary>
    public bool MoreQueued => !_writes.IsEmpty;

    /// <summary>The <c>PRAGMA synchronous</c> the writer currently runs with.</summary>
    public SqliteSynchronousMode? WriterSynchronous { get; set; }

    /// <summary>Tests only: called first by <see cref="AfterCommit"/>, to make what runs after a commit fail; null otherwise.</summary>
    public Action? AfterCommitProbe { get; set; }

    /// <summary>Write transactions committed through this writer, which pace the checkpoints; only touched while holding <see cref="WriterGate"/>.</summary>
    public long WriteTransactions { get; set; }

    /// <summary>
    /// Called by the writer after each commit, still holding <see cref="WriterGate"/>: every
    /// <see cref="PassiveCheckpointInterval"/> transactions, and whenever it has appended a quarter of
    /// <paramref name="walSizeLimit"/> to the WAL since the last one, it starts a checkpoint on another connection, in
    /// the background. The writer itself never checkpoints, so no commit waits for one. Pacing by bytes as well keeps
    /// the WAL's bound independent of how large the transactions are (a burst of new instances writes ten times the
    /// pages of a step).
    /// </summary>
    public void AfterCommit(SqliteConnection writer, Func<SqliteConnection> open, long walSizeLimit, int busyTimeoutMs)
    {
        AfterCommitProbe?.Invoke();

        // The pages this connection wrote to the WAL since the last call (SQLite counts them; read and reset).
        SQLitePCL.raw.sqlite3_db_status(writer.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out int pages, out _, 1);
        Interlocked.Add(ref s_pagesAppended, pages);
        _walBytesSinceCheckpoint += pages * FrameBytes(writer);
        bool periodic = ++WriteTransactions % PassiveCheckpointInterval == 0;
        if (periodic)
        {
            SizeWriterCache(writer);
        }

        bool due = periodic || _walBytesSinceCheckpoint >= walSizeLimit / 4;
        if (due && CheckpointInBackground(open, walSizeLimit, busyTimeoutMs))
        {
            _walBytesSinceCheckpoint = 0;
        }
    }

    /// <summary>
    /// Gives the writer connection the page cache that suits the file's size (see <see cref="SmallFileWriterCacheKiB"/>);
    /// called when the writer opens and every <see cref="PassiveCheckpointInterval"/> transactions, holding
    /// <see cref="WriterGate"/> or before anyone else can.
    /// </summary>
    public void SizeWriterCache(SqliteConnection writer)
    {
        long pages = Convert.ToInt64(writer.Scalar(Sql.PageCount), System.Globalization.CultureInfo.InvariantCulture);
        if (_pageSize == 0)
        {
            _pageSize = Convert.ToInt64(writer.Scalar(Sql.PageSize), System.Globalization.CultureInfo.InvariantCulture);
        }

        int wanted = WriterCacheKiBFor(pages, _pageSize);
        if (wanted != _writerCacheKiB || !ReferenceEquals(writer, _writerCacheSizedFor))
        {
            writer.Execute(Sql.SetCacheSize(wanted));
            _writerCacheKiB = wanted;
            _writerCacheSizedFor = writer;
        }
    }

    /// <summary>The writer's page cache, in KiB, for a file of <paramref name="pages"/> pages of <paramref name="pageSize"/> bytes.</summary>
    public static int WriterCacheKiBFor(long pages, long pageSize)
        => pages > PendingByte / pageSize ? LargeFileWriterCacheKiB : SmallFileWriterCacheKiB;

    // The bytes one page takes in the WAL: the page and its frame header.
    private long FrameBytes(SqliteConnection connection)
    {
        if (_pageSize == 0)
        {
            _pageSize = Convert.ToInt64(connection.Scalar(Sql.PageSize), System.Globalization.CultureInfo.InvariantCulture);
        }

        return WalFrameHeaderBytes + _pageSize;
    }

    /// <summary>
    /// Runs <c>wal_checkpoint(PASSIVE)</c> on a reader connection on the thread pool, unless a checkpoint is running.
    /// A passive checkpoint never blocks the writer or readers, but while the writer keeps committing it never
    /// catches up with the WAL's end, and SQLite starts the WAL over only when a write begins with every frame
    /// copied. So when the WAL has outgrown <paramref name="walSizeLimit"/> the same connection runs
    /// <c>wal_checkpoint(RESTART)</c>, which holds this process's writes back (they wait on <see cref="WriterGate"/>)
    /// only while it copies the frames the passive one could not reach.
    /// </summary>
    private bool CheckpointInBackground(Func<SqliteConnection> open, long walSizeLimit, int busyTimeoutMs)
    {
        if (Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
        {
            return false; // One is running; the next commit tries again.
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (file, open, walSizeLimit, busyTimeoutMs) = state;
                SqliteConnection? connection = null;
                try
                {
                    connection = file.RentReader() ?? open();
                    var (_, frames, _) = Checkpoint(connection, Sql.CheckpointPassive);
                    if (file.WalBytes(connection, frames) > walSizeLimit)
                    {
                        file.RestartWal(connection, busyTimeoutMs);
                    }

                    file.ReturnReader(connection);
                }
                catch (Exception)
                {
                    // A busy database, a closed file: the next interval tries again.
                    connection?.Dispose();
                }
                finally
                {
                    Volatile.Write(ref file._checkpointing, 0);
                }
            },
            (this, open, walSizeLimit, busyTimeoutMs),
            preferLocal: false);
        return true;
    }

    // The WAL's size in bytes when it holds this many frames: a header, then per frame a header and a page.
    private long WalBytes(SqliteConnection connection, long frames) => WalHeaderBytes + (frames * FrameBytes(connection));

    private void RestartWal(SqliteConnection connection, int busyTimeoutMs)
    {
        // Holding the gate, this process's writer waits here and starts the moment the checkpoint ends, instead of
        // polling SQLite's lock in its busy handler's growing sleeps. The writer lets the checkpoint in before its next
        // transaction, so the WAL stops growing as soon as the checkpoint asks.
        EnterAheadOfWriter();
        try
        {
            // Readers still on old frames (and other processes' writers) are waited for only briefly: past that the
            // checkpoint gives up and the next one tries again, rather than this process's writes waiting the full
            // busy timeout for a long read.
            connection.Execute(Sql.SetBusyTimeout(RestartPatienceMs));
            try
            {
                Checkpoint(connection, Sql.CheckpointRestart);
            }
            finally
            {
                connection.Execute(Sql.SetBusyTimeout(busyTimeoutMs));
            }
        }
        finally
        {
            WriterGate.Release();
        }
    }

    /// <summary>Diagnostics only: the pages every writer of this process has appended to a WAL (the benchmark harness reports them per workflow).</summary>
    internal static long PagesAppended => Interlocked.Read(ref s_pagesAppended);

    /// <summary>
    /// Diagnostics only: called after every checkpoint with what it did. The benchmark harness sets it to place slow
    /// steps against checkpoints; null (nothing recorded) otherwise.
    /// </summary>
    internal static Action<CheckpointRecord>? CheckpointObserver { get; set; }

    /// <summary>
    /// Runs one <c>PRAGMA wal_checkpoint(...)</c> statement on <paramref name="connection"/> and returns SQLite's
    /// answer: whether it was blocked, the frames in the WAL and the frames copied into the database.
    /// </summary>
    public static (bool Busy, long WalFrames, long CheckpointedFrames) Checkpoint(SqliteConnection connection, string sql)
    {
        var observer = CheckpointObserver;
        var startedAt = observer is null ? default : DateTimeOffset.UtcNow;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool busy;
        long frames;
        long copied;
        using (var reader = connection.Prepared(sql).ExecuteReader())
        {
            reader.Read();
            busy = reader.GetInt64(0) != 0;
            frames = reader.GetInt64(1);
            copied = reader.GetInt64(2);
        }

        observer?.Invoke(new CheckpointRecord(sql, startedAt, System.Diagnostics.Stopwatch.GetElapsedTime(started), frames, copied, busy));
        return (busy, frames, copied);
    }

    /// <summary>Whether the schema has been checked (and migrated) through this writer.</summary>
    public bool Initialized
    {
        get => _initialized;
        set => _initialized = value;
    }

    /// <summary>Wakes workflow pollers of this process at once after a write.</summary>
    public WorkSignal WorkflowSignal { get; } = new();

    /// <summary>Wakes activity pollers of this process at once after a write.</summary>
    public WorkSignal ActivitySignal { get; } = new();

    /// <summary>
    /// Queues a write for the writer. The writes run on a thread of this file's own, not on the thread pool: lease
    /// renewals go through here, and activities that block pool threads must not hold them up. The thread takes the
    /// queued writes of one backend (up to <see cref="MaxBatch"/>) and runs them as one transaction.
    /// </summary>
    public void Submit(PendingWrite write)
    {
        _writes.Enqueue(write);
        if (_drainThread is null)
        {
            lock (s_lock)
            {
                if (_drainThread is null)
                {
                    var thread = new Thread(static state => ((SqliteFile)state!).Drain()) { IsBackground = true, Name = "Workflows SQLite writer" };
                    thread.Start(this);
                    _drainThread = thread;
                }
            }
        }

        WakeDrain();
        if (_released && write.TryTake())
        {
            write.Fail(new ObjectDisposedException(nameof(SqliteBackend))); // the writer thread may have ended
        }
    }

    private void Drain()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (true)
        {
            lock (_drainGate)
            {
                while (!_drainSignaled)
                {
                    Monitor.Wait(_drainGate);
                }

                _drainSignaled = false;
            }

            while (TakeBatch(batch))
            {
                try
                {
                    batch[0].Owner.RunBatch(batch);
                }
                catch (Exception ex)
                {
                    // RunBatch answers every write itself; this only keeps one unexpected error from ending the
                    // thread, which would strand every later write.
                    foreach (var write in batch)
                    {
                        write.Fail(ex);
                    }
                }

                batch.Clear();
            }

            if (_released && _writes.IsEmpty)
            {
                return;
            }
        }
    }

    private void WakeDrain()
    {
        lock (_drainGate)
        {
            _drainSignaled = true;
            Monitor.Pulse(_drainGate);
        }
    }

    private bool TakeBatch(List<PendingWrite> batch)
    {
        while (batch.Count < MaxBatch && _writes.TryPeek(out var next))
        {
            // One transaction runs under one backend's options (durability, retries): another backend's write
            // waits for the next transaction.
            if (batch.Count > 0 && next.Owner != batch[0].Owner)
            {
                break;
            }

            _writes.TryDequeue(out _);
            if (!next.TryTake())
            {
                continue; // The caller gave up before the writer got to it.
            }

            if (next.CancellationToken.IsCancellationRequested)
            {
                next.Cancel();
                continue;
            }

            batch.Add(next);
        }

        return batch.Count > 0;
    }

    /// <summary>An idle reader connection, or null when a new one must be opened.</summary>
    public SqliteConnection? RentReader() => _readers.TryTake(out var reader) ? reader : null;

    /// <summary>Keeps a reader for the next read, or closes it when enough are idle.</summary>
    public void ReturnReader(SqliteConnection reader)
    {
        if (!_closed && _readers.Count < MaxIdleReaders)
        {
            _readers.Add(reader);

            // Closed meanwhile: make sure nothing stays open.
            if (!_closed)
            {
                return;
            }

            CloseReaders();
            return;
        }

        reader.Dispose();
    }

    /// <summary>Closes the idle readers; readers in use are closed when they come back.</summary>
    public void CloseReaders()
    {
        _closed = true;
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    public static SqliteFile Acquire(string key)
    {
        lock (s_lock)
        {
            if (!s_open.TryGetValue(key, out var file))
            {
                file = new SqliteFile(key);
                s_open[key] = file;
            }

            file._references++;
            return file;
        }
    }

    /// <summary>Drops one reference; true when it was the last, and the caller must close the writer.</summary>
    public bool Release()
    {
        lock (s_lock)
        {
            if (--_references > 0)
            {
                return false;
            }

            s_open.Remove(Key);

            // The writer thread ends once the writes already queued have run.
            _released = true;
            WakeDrain();
            return true;
        }
    }
}
