using Microsoft.Data.Sqlite;
using Workflows.History;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// With <see cref="SqliteSynchronousMode.Full"/> the writer commits without waiting for the disk and answers the
/// writes once the WAL has been synced beside it: never before, and a sync that fails stops the writer.
/// </summary>
public sealed class SqliteWalSyncTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Full_AnswersACommittedWriteOnlyAfterTheWalIsSynced_AndTheWriterGoesOnMeanwhile()
    {
        string path = _dir.File("sync.db");
        await using var backend = await OpenWithScratchTableAsync(path);
        using var gate = new SyncGate(backend, blockFirst: true);

        // Two writes in one transaction are handed to the sync thread; the writer returns at once.
        var first = Insert(backend, "first");
        var second = Insert(backend, "second");
        backend.RunBatch([first, second]);
        Assert.True(gate.Entered.Wait(Patience), "the WAL was never synced");

        // Committed and visible, not yet answered: the sync has not returned.
        Assert.Equal("first,second", ScratchRows(path));
        Assert.False(first.Task.IsCompleted);
        Assert.False(second.Task.IsCompleted);

        // The writer is free: a later write commits, is synced (on the writer, nothing else being queued) and is
        // answered while the first sync still holds the two before it.
        var third = Insert(backend, "third");
        backend.RunBatch([third]);
        Assert.Equal(1, await third.Task.WaitAsync(Patience));
        Assert.False(first.Task.IsCompleted);
        Assert.Equal(1L, await backend.ReadSynchronousSettingAsync());

        gate.Release();
        Assert.Equal(1, await first.Task.WaitAsync(Patience));
        Assert.Equal(1, await second.Task.WaitAsync(Patience));
        Assert.Equal("first,second,third", ScratchRows(path));
    }

    [Fact]
    public async Task Full_TheWriterConnectionsFirstTransactionIsSyncedBySqlite_AndLaterOnesBesideIt()
    {
        // The first transaction runs at FULL, so SQLite syncs the WAL it created (and its directory) itself; the
        // handle for the later syncs is opened on that file only then.
        await using var backend = SqliteBackend.Open(_dir.File("first.db"));
        Assert.False(backend.WriterFile.WalSync.Ready);

        Assert.Equal(2L, await backend.ReadSynchronousSettingAsync());
        Assert.True(backend.WriterFile.WalSync.Ready);

        using var gate = new SyncGate(backend, blockFirst: false);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("one", "e"), Started(), null);

        // A transaction that changed no row wrote nothing to sync.
        Assert.Equal(1L, await backend.ReadSynchronousSettingAsync());
        Assert.Equal(1, gate.Syncs);
    }

    [Fact]
    public async Task Normal_CommitsWithoutASync()
    {
        await using var backend = SqliteBackend.Open(_dir.File("normal.db"), new SqliteBackendOptions { Synchronous = SqliteSynchronousMode.Normal });
        using var gate = new SyncGate(backend, blockFirst: false);

        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("one", "e"), Started(), null);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("two", "e"), Started(), null);

        Assert.Equal(1L, await backend.ReadSynchronousSettingAsync());
        Assert.False(backend.WriterFile.WalSync.Ready);
        Assert.Equal(0, gate.Syncs);
    }

    [Fact]
    public async Task AFailedSync_FailsTheWritesItHeld_AndEveryLaterWrite_UntilTheFileIsOpenedAgain()
    {
        string path = _dir.File("broken.db");
        var backend = await OpenWithScratchTableAsync(path);
        var diskError = new IOException("the disk refused the sync");
        backend.WriterFile.WalSync.SyncProbe = () => throw diskError;

        var write = Insert(backend, "unsure");
        backend.RunBatch([write]);
        var failed = await Assert.ThrowsAsync<IOException>(() => write.Task.WaitAsync(Patience));
        Assert.Contains(path, failed.Message, StringComparison.Ordinal);
        Assert.Same(diskError, failed.InnerException);

        // The transaction had committed; whether it is durable nobody can tell, so nothing more is written.
        Assert.Equal("unsure", ScratchRows(path));
        var later = await Assert.ThrowsAsync<IOException>(() => backend.CreateWorkflowInstanceAsync(new WorkflowInstance("later", "e"), Started(), null).WaitAsync(Patience));
        Assert.Same(failed, later);
        Assert.Equal(0, (await backend.GetStatsAsync()).ActiveInstances);

        await backend.DisposeAsync();
        await using var reopened = SqliteBackend.Open(path);
        await reopened.CreateWorkflowInstanceAsync(new WorkflowInstance("later", "e"), Started(), null);
        Assert.Equal(1, (await reopened.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task Dispose_WaitsForASyncUnderWay_AndItsWritesAreAnswered()
    {
        string path = _dir.File("dispose.db");
        var backend = await OpenWithScratchTableAsync(path);
        using var gate = new SyncGate(backend, blockFirst: true);
        var first = Insert(backend, "first");
        var second = Insert(backend, "second");
        backend.RunBatch([first, second]);
        Assert.True(gate.Entered.Wait(Patience), "the WAL was never synced");

        var dispose = Task.Run(async () => await backend.DisposeAsync());
        Assert.True(SpinWait.SpinUntil(() => backend.WriterFile.WalSync.Closing, Patience), "the writer never closed");
        Assert.False(dispose.IsCompleted);

        gate.Release();
        await dispose.WaitAsync(Patience);
        Assert.Equal(1, await first.Task.WaitAsync(Patience));
        Assert.Equal(1, await second.Task.WaitAsync(Patience));
    }

    private static HistoryEvent Started() => HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", []));

    // A backend whose writer has run its first transaction (so later ones are synced beside it), with a scratch table.
    private static async Task<SqliteBackend> OpenWithScratchTableAsync(string path)
    {
        var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        var create = Write(backend, db => db.Execute("CREATE TABLE scratch (x TEXT NOT NULL);"));
        backend.RunBatch([create]);
        await create.Task.WaitAsync(Patience);
        Assert.True(backend.WriterFile.WalSync.Ready);
        return backend;
    }

    private static PendingWrite<int> Insert(SqliteBackend backend, string value)
        => Write(backend, db => db.Execute($"INSERT INTO scratch (x) VALUES ('{value}');"));

    private static PendingWrite<int> Write(SqliteBackend backend, Func<SqliteConnection, int> body)
        => new(backend, (db, _) => body(db), WriteAnswer.Alone, CancellationToken.None);

    private static object? ScratchRows(string path) => SqliteGroupCommitTests.ScratchRows(path);

    /// <summary>Counts the backend's syncs of the WAL; with <c>blockFirst</c>, holds the first until released.</summary>
    private sealed class SyncGate : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly SqliteBackend _backend;
        private int _syncs;

        public SyncGate(SqliteBackend backend, bool blockFirst)
        {
            _backend = backend;
            backend.WriterFile.WalSync.SyncProbe = () =>
            {
                if (Interlocked.Increment(ref _syncs) == 1 && blockFirst)
                {
                    Entered.Set();
                    _release.Wait();
                }
            };
        }

        public ManualResetEventSlim Entered { get; } = new();

        public int Syncs => Volatile.Read(ref _syncs);

        public void Release() => _release.Set();

        public void Dispose()
        {
            _backend.WriterFile.WalSync.SyncProbe = null;
            _release.Set();
            _release.Dispose();
            Entered.Dispose();
        }
    }
}
