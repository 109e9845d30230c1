using Microsoft.Data.Sqlite;
using Workflows.History;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// Writers that meet each other on one file: they wait or retry, and only a lock held past every retry is reported
/// ("database is locked").
/// </summary>
public sealed class SqliteConcurrencyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static HistoryEvent Started() => HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", []));

    [Fact]
    public async Task Write_WhileAnotherConnectionHoldsTheWriteLock_WaitsAndSucceeds()
    {
        string path = _dir.File("locked.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { BusyTimeout = TimeSpan.Zero });
        await backend.GetStatsAsync();

        using var other = new HeldWriteLock(path);

        var create = Task.Run(() => backend.CreateWorkflowInstanceAsync(new WorkflowInstance("blocked", "e1"), Started(), null));

        // While the other connection holds the lock the write cannot have landed; reads still work (WAL).
        Assert.Equal(0, (await backend.GetStatsAsync()).ActiveInstances);
        Assert.False(create.IsCompleted);

        other.Release();

        await create.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task Write_WhileAnotherConnectionKeepsTheWriteLock_FailsAfterItsRetriesAndLandsOnceItIsFreed()
    {
        // A process paused inside its write transaction (SIGSTOP, a debugger) keeps the lock. Each attempt waits
        // BusyTimeout, or the driver's least timeout of one second, not the driver's default 30 s, which made a write
        // behind such a lock take ten minutes with the default MaxBusyRetries.
        string path = _dir.File("kept.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { BusyTimeout = TimeSpan.FromMilliseconds(200), MaxBusyRetries = 2 });
        await backend.GetStatsAsync();

        using (var other = new HeldWriteLock(path))
        {
            // Three attempts of about a second each; on the driver's default timeout they would take 90 s.
            var create = backend.CreateWorkflowInstanceAsync(new WorkflowInstance("kept-out", "e1"), Started(), null);
            var locked = await Assert.ThrowsAsync<SqliteException>(() => create.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(5, locked.SqliteErrorCode); // SQLITE_BUSY
        }

        Assert.Equal(0, (await backend.GetStatsAsync()).ActiveInstances);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("kept-out", "e1"), Started(), null);
        Assert.Equal(1, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task Writes_FromTwoBackendsOnOneFile_AllLand()
    {
        string path = _dir.File("shared.db");
        await using var first = SqliteBackend.Open(path);
        await using var second = SqliteBackend.Open(path);

        // Concurrent writes from two backends of one process, which share the file's one writer connection and
        // initialise the schema at once; separate processes are covered by the multi-process tests.
        var writes = Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).CreateWorkflowInstanceAsync(new WorkflowInstance($"i-{i}", "e"), Started(), null)));
        await Task.WhenAll(writes);

        Assert.Equal(200, (await first.GetStatsAsync()).ActiveInstances);
        Assert.Equal(200, (await second.ListWorkflowInstancesAsync(new InstanceQuery { PageSize = 500 })).Instances.Count);
    }
}

public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(null, 2L)]
    [InlineData(SqliteSynchronousMode.Full, 2L)]
    [InlineData(SqliteSynchronousMode.Normal, 1L)]
    public async Task Synchronous_DefaultIsFullAndNormalIsOptIn(SqliteSynchronousMode? mode, long expected)
    {
        var options = mode is { } m ? new SqliteBackendOptions { Synchronous = m } : null;
        await using var backend = SqliteBackend.Open(_dir.File("sync.db"), options);

        Assert.Equal(expected, await backend.ReadSynchronousSettingAsync());
    }

    [Fact]
    public async Task Synchronous_TwoBackendsOnOneFileInOneProcess_EachWritesWithItsOwnSetting()
    {
        string path = _dir.File("shared-sync.db");
        await using var full = SqliteBackend.Open(path);
        await using var normal = SqliteBackend.Open(path, new SqliteBackendOptions { Synchronous = SqliteSynchronousMode.Normal });

        // The writer connection's first transaction is synced by SQLite itself (FULL); a Full backend's later ones
        // commit at NORMAL and are synced beside the writer (SqliteWalSyncTests), a Normal backend's never.
        Assert.Equal(2L, await full.ReadSynchronousSettingAsync());
        Assert.Equal(1L, await normal.ReadSynchronousSettingAsync());
        int syncs = 0;
        full.WriterFile.WalSync.SyncProbe = () => Interlocked.Increment(ref syncs);

        await normal.CreateWorkflowInstanceAsync(new WorkflowInstance("normal", "e"), Started(), null);
        Assert.Equal(0, Volatile.Read(ref syncs));
        await full.CreateWorkflowInstanceAsync(new WorkflowInstance("full", "e"), Started(), null);
        Assert.Equal(1, Volatile.Read(ref syncs));
        await normal.CreateWorkflowInstanceAsync(new WorkflowInstance("normal-2", "e"), Started(), null);
        Assert.Equal(1, Volatile.Read(ref syncs));
    }

    private static HistoryEvent Started() => HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", []));

    private const long WalLimit = 1024 * 1024;

    [Fact]
    public async Task Checkpoint_WalPastItsLimit_IsStartedOverAndCutBackToTheLimit()
    {
        string path = _dir.File("wal.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { WalSizeLimit = WalLimit });
        await backend.GetStatsAsync();

        // About 100 KiB a write: the WAL passes its limit within a dozen writes, long before the first checkpoint.
        long largest = 0;
        for (int i = 0; i < 200; i++)
        {
            await CreateLargeAsync(backend, $"i-{i}");
            largest = Math.Max(largest, WalBytes(path));
        }

        Assert.True(largest > WalLimit, $"the WAL never passed its limit ({largest} bytes): the test wrote too little");

        // A checkpoint started the WAL over, and the writer cut the file back when it started it over.
        int extra = await WriteUntilWalWithinLimitAsync(backend, path, "j");
        Assert.True(extra < 500, $"the WAL stayed above {WalLimit} bytes for 500 more writes");
        Assert.Equal(200 + extra, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task Checkpoint_FewLargeTransactions_StartsOneByTheBytesTheyAppended()
    {
        string path = _dir.File("paced.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { WalSizeLimit = WalLimit });
        await backend.GetStatsAsync();
        long before = new FileInfo(path).Length;

        // Thirty transactions of about 100 KiB each: far fewer than a checkpoint's interval in transactions, but
        // three times the WAL's limit in bytes.
        for (int i = 0; i < 30; i++)
        {
            await CreateLargeAsync(backend, $"i-{i}");
        }

        // Until a checkpoint copies them, the pages are only in the WAL; the database file grows when one has run.
        bool copied = SpinWait.SpinUntil(() => new FileInfo(path).Length > before + WalLimit, TimeSpan.FromSeconds(60));
        Assert.True(copied, $"no checkpoint copied the WAL into the database (file {new FileInfo(path).Length} bytes, WAL {WalBytes(path)})");
        Assert.Equal(30, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task Checkpoint_ReaderHoldsAnOldSnapshot_WalGrowsUntilItEndsThenIsCutBack()
    {
        string path = _dir.File("pinned.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { WalSizeLimit = WalLimit });
        await CreateLargeAsync(backend, "first");

        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        reader.Open();
        using (var snapshot = reader.CreateCommand())
        {
            snapshot.CommandText = "BEGIN; SELECT count(*) FROM executions;";
            Assert.Equal(1L, snapshot.ExecuteScalar());
        }

        // No checkpoint may copy frames past the reader's snapshot or start the WAL over while it reads.
        for (int i = 0; i < 150; i++)
        {
            await CreateLargeAsync(backend, $"i-{i}");
        }

        Assert.True(WalBytes(path) > 10 * WalLimit, $"the WAL is {WalBytes(path)} bytes with a reader on an old snapshot");

        using (var end = reader.CreateCommand())
        {
            end.CommandText = "COMMIT;";
            end.ExecuteNonQuery();
        }

        int extra = await WriteUntilWalWithinLimitAsync(backend, path, "j");
        Assert.True(extra < 500, $"the WAL stayed above {WalLimit} bytes for 500 writes after the reader ended");
        Assert.Equal(151 + extra, (await backend.GetStatsAsync()).ActiveInstances);
    }

    private static async Task<int> WriteUntilWalWithinLimitAsync(SqliteBackend backend, string path, string prefix)
    {
        // Checkpoints run beside the writer, so the test writes on until one has started the WAL over (no sleeps).
        int extra = 0;
        while (WalBytes(path) > WalLimit && extra < 500)
        {
            await CreateLargeAsync(backend, $"{prefix}-{extra++}");
        }

        return extra;
    }

    private static long WalBytes(string path) => new FileInfo(path + "-wal") is { Exists: true } wal ? wal.Length : 0;

    private static Task CreateLargeAsync(SqliteBackend backend, string id) => backend.CreateWorkflowInstanceAsync(
        new WorkflowInstance(id, "e"),
        HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [new string('x', 100_000)])),
        null);

    [Fact]
    public void RestartingCheckpoint_WriterWithWorkAlwaysReady_LetsItInBeforeItsNextTransaction()
    {
        var file = SqliteFile.Acquire(_dir.File("gate.db"));
        try
        {
            // A writer that never runs out of work takes the gate again the moment it lets it go. It counts the
            // transactions it began while the checkpoint was already waiting for the gate.
            long transactions = 0;
            long overtaking = 0;
            bool stop = false;
            var writer = new Thread(() =>
            {
                while (!Volatile.Read(ref stop))
                {
                    file.EnterWriter();
                    Interlocked.Increment(ref transactions);
                    if (file.CheckpointWaiting)
                    {
                        Interlocked.Increment(ref overtaking);
                    }

                    Thread.SpinWait(200);
                    file.WriterGate.Release();
                }
            });
            writer.Start();
            Assert.True(SpinWait.SpinUntil(() => Interlocked.Read(ref transactions) > 100, TimeSpan.FromSeconds(60)), "the writer never ran");

            file.EnterAheadOfWriter();
            file.WriterGate.Release();
            Volatile.Write(ref stop, true);
            writer.Join();

            // At most the one that had passed the check as the checkpoint asked: otherwise the WAL keeps growing for as
            // long as the load lasts.
            Assert.InRange(Interlocked.Read(ref overtaking), 0, 1);
        }
        finally
        {
            file.Release();
        }
    }

    [Fact]
    public void WalSizeLimit_BelowOneMebibyte_IsRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteBackendOptions { WalSizeLimit = 1000 });
        Assert.Equal(nameof(SqliteBackendOptions.WalSizeLimit), error.ParamName);
    }
}

public sealed class SqliteWakeUpTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WaitForWork_WriteThroughAnotherBackendOnTheSameFileInThisProcess_WakesTheWaiter()
    {
        // A fake clock that never moves: only the wake-up can end the wait.
        var options = new SqliteBackendOptions { Backend = new BackendOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider() } };
        await using var worker = SqliteBackend.Open(_dir.File("wake.db"), options);
        await using var client = SqliteBackend.Open(_dir.File("wake.db"), options);
        await worker.GetStatsAsync();
        var wait = worker.WaitForWorkAsync(WorkKind.Workflow, ["default"], TimeSpan.FromHours(1));

        await client.CreateWorkflowInstanceAsync(
            new WorkflowInstance("w", "e"),
            Workflows.History.HistoryEvent.Create(DateTimeOffset.UtcNow, new Workflows.History.ExecutionStartedAttributes("wf", "default", [])),
            null);

        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
