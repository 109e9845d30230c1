using Microsoft.Win32.SafeHandles;

namespace Workflows.Sqlite;

/// <summary>
/// Group commit past the sync. With <see cref="SqliteSynchronousMode.Full"/> the writer commits at
/// <c>synchronous=NORMAL</c>: SQLite appends the transaction's frames to the WAL and returns without syncing the file.
/// The committed writes are handed here, and their callers are answered only once the WAL has been synced after that
/// commit, so a write is never answered before it is durable. The writer goes on with the next transaction meanwhile,
/// instead of waiting for the disk at every <c>COMMIT</c>, and one sync answers every transaction committed before it
/// began. When the transaction held one write and nothing else is queued for the writer, the writer syncs the WAL
/// itself rather than wake this thread, so a lone write (one sequential step after another) waits for the same one
/// sync as before and takes no extra hop.
/// </summary>
/// <remarks>
/// <para>
/// A WAL is replayed after a power loss only up to its first frame that did not reach the disk, so a transaction that
/// was not synced takes every later one with it, and only writes not yet answered can be lost.
/// </para>
/// <para>
/// What changes is when a commit becomes visible: readers (of this process and of others) can see a transaction up to
/// one sync before it is durable, as InnoDB's readers can. Everything the engine does with what it read goes through a
/// write whose answer waits for a later sync: an activity runs, and a workflow task starts, only after its claim is
/// answered.
/// </para>
/// <para>
/// The file is synced through a handle of this class's own: a sync writes the file's data, whoever wrote it. The
/// writer connection's first transaction runs at <c>FULL</c>, so SQLite itself has synced the WAL it created (and the
/// directory that holds it) before the handle is opened on it. SQLite deletes the WAL only when the last connection to
/// the database closes, so the handle stays on the live file for as long as the writer connection is open.
/// </para>
/// </remarks>
internal sealed class WalSync
{
    private readonly string _path;
    private readonly object _gate = new();
    private List<PendingWrite[]> _waiting = [];
    private SafeFileHandle? _wal;
    private Thread? _thread;
    private bool _signaled;
    private bool _stopped;
    private int _inFlight;
    private bool _closing;
    private IOException? _failure;

    public WalSync(string databasePath) => _path = databasePath;

    /// <summary>Whether commits can be synced here: the handle is open on the writer connection's WAL.</summary>
    public bool Ready => _wal is not null;

    /// <summary>The error of a sync that failed. From then on this process writes no more to the file until it opens it again.</summary>
    public IOException? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>Whether <see cref="Close"/> is waiting for a sync under way.</summary>
    public bool Closing
    {
        get
        {
            lock (_gate)
            {
                return _closing;
            }
        }
    }

    /// <summary>Tests only: called before each sync, on the thread that syncs; it may block or throw. Null otherwise.</summary>
    public Action? SyncProbe { get; set; }

    /// <summary>
    /// Opens the handle on the WAL; called by the writer, holding the file's gate, after a transaction that SQLite
    /// committed at <c>FULL</c> (so the file exists and has been synced once by SQLite).
    /// </summary>
    public void Open()
    {
        var wal = File.OpenHandle(_path + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        lock (_gate)
        {
            _wal = wal;
            _stopped = false;
        }
    }

    /// <summary>
    /// Answers <paramref name="writes"/>, a transaction committed at <c>NORMAL</c>, once the WAL has been synced. Called
    /// by the writer, holding the file's gate. With <paramref name="handOff"/> the sync is left to this class's thread
    /// and the writer goes on; otherwise the writer syncs here, before it returns.
    /// </summary>
    public void Answer(PendingWrite[] writes, bool handOff)
    {
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                // Committed, but a sync has failed since: durable or not, nobody can tell. The caller meets the same
                // uncertainty as a lost connection during a server's COMMIT, which every write is fenced for.
                Fail(writes, failure);
                return;
            }

            _waiting.Add(writes);
            if (handOff)
            {
                if (_thread is null)
                {
                    _thread = new Thread(static state => ((WalSync)state!).Run()) { IsBackground = true, Name = "SQLite WAL sync" };
                    _thread.Start(this);
                }

                _signaled = true;
                Monitor.PulseAll(_gate);
                return;
            }
        }

        SyncWaiting();
    }

    /// <summary>
    /// Syncs and answers what is waiting, then closes the handle and ends the thread; called by the writer, holding
    /// the file's gate, before it closes the writer connection.
    /// </summary>
    public void Close()
    {
        SyncWaiting();
        lock (_gate)
        {
            // A sync this class's thread began still answers its own writes with the handle it took.
            _closing = true;
            while (_inFlight > 0)
            {
                Monitor.Wait(_gate);
            }

            _closing = false;
            _wal?.Dispose();
            _wal = null;
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            lock (_gate)
            {
                while (!_signaled && !_stopped)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopped)
                {
                    _thread = null;
                    return;
                }

                _signaled = false;
            }

            SyncWaiting();
        }
    }

    /// <summary>
    /// Takes every committed transaction waiting, syncs the WAL and answers them. The writer and this class's thread
    /// may both be here at once: each answers only what it took, and took it before its own sync began.
    /// </summary>
    private void SyncWaiting()
    {
        List<PendingWrite[]> taken;
        SafeFileHandle? wal;
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                return;
            }

            taken = _waiting;
            _waiting = [];
            wal = _wal;
            _inFlight++;
        }

        try
        {
            Sync(taken, wal);
        }
        finally
        {
            lock (_gate)
            {
                if (--_inFlight == 0 && _closing)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>Syncs the WAL through <paramref name="wal"/>, then answers <paramref name="taken"/>; fails them if the sync failed.</summary>
    private void Sync(List<PendingWrite[]> taken, SafeFileHandle? wal)
    {
        try
        {
            SyncProbe?.Invoke();
            RandomAccess.FlushToDisk(wal ?? throw new ObjectDisposedException(nameof(WalSync)));
        }
        catch (Exception ex)
        {
            var failure = new IOException(
                $"The WAL of the database '{_path}' could not be synced to disk, so its last commits may not be durable. " +
                "This process writes no more to the file until every backend on it has been disposed and it is opened again.",
                ex);
            lock (_gate)
            {
                _failure ??= failure;
                failure = _failure;
            }

            foreach (var writes in taken)
            {
                Fail(writes, failure);
            }

            return;
        }

        foreach (var writes in taken)
        {
            PendingWrite.PublishAll(writes);
        }
    }

    private static void Fail(PendingWrite[] writes, Exception failure)
    {
        foreach (var write in writes)
        {
            write.Fail(failure);
        }
    }
}
