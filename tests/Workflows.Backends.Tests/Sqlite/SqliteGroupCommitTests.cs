using Microsoft.Data.Sqlite;
using Workflows.History;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>Writes that wait for the writer together share one transaction, and one that fails fails alone.</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static HistoryEvent Started() => HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", []));

    [Fact]
    public async Task QueuedWrites_ShareATransaction_AndAFailingOneIsRolledBackAlone()
    {
        string path = _dir.File("group.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { BusyTimeout = TimeSpan.FromMilliseconds(20) });
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("held", "e"), Started(), null);
        var task = await backend.GetWorkflowTaskAsync(["default"]) ?? throw new InvalidOperationException("no task");
        var scheduled = HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityScheduledAttributes("act", "default", []), 2) with { SequenceId = 2 };
        await backend.CompleteWorkflowTaskAsync(task, new WorkflowTaskCompletion
        {
            Status = WorkflowStatus.Running,
            ExecutedEvents = [task.NewEvents[0] with { SequenceId = 1 }, scheduled],
            ConsumedEventIds = [task.NewEvents[0].Id],
            Activities = [scheduled],
        });
        var activity = await backend.GetActivityTaskAsync(["default"]) ?? throw new InvalidOperationException("no activity");
        HistoryEvent Result(string value) => HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes(value), 2);

        // Another connection holds the write lock, so the writes below queue up behind the first one.
        using var other = new HeldWriteLock(path);

        long commitsBefore = backend.Commits;
        var first = backend.CreateWorkflowInstanceAsync(new WorkflowInstance("first", "e"), Started(), null);

        // The stale completion inserts its result before its fence fails: only its own savepoint may go.
        var stale = backend.CompleteActivityTaskAsync(activity with { LockToken = "not-the-token" }, Result("\"stale\""));
        var current = backend.CompleteActivityTaskAsync(activity, Result("\"current\""));
        var second = backend.CreateWorkflowInstanceAsync(new WorkflowInstance("second", "e"), Started(), null);
        Assert.False(first.IsCompleted || stale.IsCompleted || current.IsCompleted || second.IsCompleted);

        other.Release();

        await Assert.ThrowsAsync<LeaseLostException>(() => stale.WaitAsync(TimeSpan.FromSeconds(60)));
        await Task.WhenAll(first, current, second).WaitAsync(TimeSpan.FromSeconds(60));

        // Four writes, at most two transactions: the first may have been taken alone before the others queued.
        Assert.InRange(backend.Commits - commitsBefore, 1, 2);
        Assert.Equal(3, (await backend.GetStatsAsync()).ActiveInstances);
        var next = await backend.GetWorkflowTaskAsync(["default"]);
        while (next is not null && next.Instance.InstanceId != "held")
        {
            next = await backend.GetWorkflowTaskAsync(["default"]);
        }

        Assert.NotNull(next);
        var delivered = Assert.Single(next.NewEvents);
        Assert.Equal("\"current\"", ((ActivityCompletedAttributes)delivered.Attributes).Result);
    }

    [Fact]
    public async Task CancelledBeforeTheWriterTakesIt_WritesNothing()
    {
        string path = _dir.File("cancel.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { BusyTimeout = TimeSpan.FromMilliseconds(20) });
        await backend.GetStatsAsync();
        using var other = new HeldWriteLock(path);

        var blocked = backend.CreateWorkflowInstanceAsync(new WorkflowInstance("blocked", "e"), Started(), null);
        using var cts = new CancellationTokenSource();
        var cancelled = backend.CreateWorkflowInstanceAsync(new WorkflowInstance("cancelled", "e"), Started(), null, cts.Token);
        await cts.CancelAsync();
        other.Release();

        await blocked.WaitAsync(TimeSpan.FromSeconds(60));
        var outcome = await Record.ExceptionAsync(() => cancelled.WaitAsync(TimeSpan.FromSeconds(60)));

        // Either the writer had already taken it (it ran to its end) or it was given up and nothing was written.
        var landed = (await backend.ListWorkflowInstancesAsync(new InstanceQuery())).Instances.Select(i => i.Instance.InstanceId).ToList();
        if (outcome is null)
        {
            Assert.Contains("cancelled", landed);
        }
        else
        {
            Assert.IsAssignableFrom<OperationCanceledException>(outcome);
            Assert.DoesNotContain("cancelled", landed);
        }

        Assert.Contains("blocked", landed);
    }

    [Fact]
    public async Task ACallerThatBlocksOnAnotherWriteOfItsTransaction_DoesNotHangIt()
    {
        string path = _dir.File("blocking-caller.db");
        await using var backend = SqliteBackend.Open(path, new SqliteBackendOptions { BusyTimeout = TimeSpan.FromMilliseconds(20) });
        await backend.GetStatsAsync();
        using var other = new HeldWriteLock(path);

        // The writer takes the first write (and perhaps the next) and waits for the lock; the rest queue behind it and
        // commit together. Each caller's code blocks synchronously on the next caller's write: it must not hold up
        // the answer that write is waiting for.
        var first = backend.CreateWorkflowInstanceAsync(new WorkflowInstance("first", "e"), Started(), null);
        var chain = new Task[4];
        for (int i = 0; i < chain.Length; i++)
        {
            chain[i] = backend.CreateWorkflowInstanceAsync(new WorkflowInstance($"chain-{i}", "e"), Started(), null);
        }

        var callers = new List<Task>();
        for (int i = 0; i < chain.Length - 1; i++)
        {
            var next = chain[i + 1];
            callers.Add(chain[i].ContinueWith(_ => next.Wait(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        Assert.False(first.IsCompleted || chain.Any(t => t.IsCompleted));
        other.Release();

        await Task.WhenAll([first, .. chain, .. callers]).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(chain.Length + 1, (await backend.GetStatsAsync()).ActiveInstances);
    }

    // A batch runs without savepoints first; only a write that throws after it changed rows makes the writer roll the
    // transaction back and run the batch again with a savepoint per write. Each case below runs one batch of three
    // writes straight through the writer (RunBatch), so the batch is exactly the three.
    [Theory]
    [InlineData(FailureKind.AfterItsInsert, 2)]
    [InlineData(FailureKind.PartWayThroughAMultiRowInsert, 2)]
    [InlineData(FailureKind.BeforeAnyChange, 1)]
    [InlineData(FailureKind.OnAFailedSingleRowInsert, 1)]
    public async Task AFailingWriteOfABatch_IsUndoneAlone_AndTheBatchRunsAgainOnlyIfItHadChangedRows(FailureKind kind, int runsOfTheFirst)
    {
        string path = _dir.File($"undo-{kind}.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        RunAlone(backend, db => db.Execute("CREATE TABLE scratch (x TEXT NOT NULL UNIQUE);"));
        RunAlone(backend, db => db.Execute("INSERT INTO scratch (x) VALUES ('taken');"));

        int firstRuns = 0, lastRuns = 0;
        var first = Write(backend, db => { firstRuns++; return db.Execute("INSERT INTO scratch (x) VALUES ('first');"); });
        var failing = Write(backend, db =>
        {
            switch (kind)
            {
                case FailureKind.AfterItsInsert:
                    db.Execute("INSERT INTO scratch (x) VALUES ('failing');");
                    throw new InvalidOperationException("failed after its insert");
                case FailureKind.PartWayThroughAMultiRowInsert:
                    // The first row lands before the second meets the UNIQUE constraint; OR FAIL keeps it.
                    return db.Execute("INSERT OR FAIL INTO scratch (x) VALUES ('failing'), ('taken');");
                case FailureKind.OnAFailedSingleRowInsert:
                    return db.Execute("INSERT INTO scratch (x) VALUES ('taken');");
                default:
                    throw new InvalidOperationException("failed before any change");
            }
        });
        var last = Write(backend, db => { lastRuns++; return db.Execute("INSERT INTO scratch (x) VALUES ('last');"); });

        long commitsBefore = backend.Commits;
        backend.RunBatch([first, failing, last]);

        Assert.Equal(1, await first.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, await last.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        var error = await Record.ExceptionAsync(() => failing.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(error is InvalidOperationException or SqliteException { SqliteErrorCode: 19 }, $"unexpected: {error}");
        Assert.Equal(1, backend.Commits - commitsBefore);
        Assert.Equal(runsOfTheFirst, firstRuns);

        // The first run stops at the failure, so the write after it runs once either way.
        Assert.Equal(1, lastRuns);

        Assert.Equal("first,last,taken", ScratchRows(path));
    }

    // After a commit the writer paces the WAL and sizes its cache. If that fails, the batch has still committed and
    // been answered: it must not fail its callers, nor (the error being a busy one) run again and write twice.
    [Fact]
    public async Task AFailureAfterTheCommit_IsNotTakenForTheBatchs()
    {
        string path = _dir.File("after-commit.db");
        await using var backend = SqliteBackend.Open(path);
        await backend.GetStatsAsync();
        RunAlone(backend, db => db.Execute("CREATE TABLE scratch (x TEXT NOT NULL);"));

        int probes = 0;
        backend.WriterFile.AfterCommitProbe = () =>
        {
            if (probes++ == 0)
            {
                throw new SqliteException("database is locked", 5);
            }
        };

        int runs = 0;
        var first = Write(backend, db => { runs++; return db.Execute("INSERT INTO scratch (x) VALUES ('first');"); });
        var second = Write(backend, db => { runs++; return db.Execute("INSERT INTO scratch (x) VALUES ('second');"); });
        long commitsBefore = backend.Commits;
        backend.RunBatch([first, second]);

        Assert.Equal(1, await first.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, await second.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, runs);
        Assert.Equal(1, backend.Commits - commitsBefore);

        // The writer carries on, and what runs after a commit runs again after the next one.
        RunAlone(backend, db => db.Execute("INSERT INTO scratch (x) VALUES ('third');"));
        Assert.Equal(2, probes);

        Assert.Equal("first,second,third", ScratchRows(path));
    }

    // The scratch table's rows in order, read on a connection of its own (SqliteWalSyncTests reads them too).
    internal static object? ScratchRows(string path)
    {
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        reader.Open();
        using var select = reader.CreateCommand();
        select.CommandText = "SELECT group_concat(x, ',') FROM (SELECT x FROM scratch ORDER BY x);";
        return select.ExecuteScalar();
    }

    public enum FailureKind
    {
        AfterItsInsert,
        PartWayThroughAMultiRowInsert,
        BeforeAnyChange,
        OnAFailedSingleRowInsert,
    }

    private static PendingWrite<int> Write(SqliteBackend backend, Func<SqliteConnection, int> body)
        => new(backend, (db, _) => body(db), WriteAnswer.Alone, CancellationToken.None);

    private static void RunAlone(SqliteBackend backend, Func<SqliteConnection, int> body)
    {
        var write = Write(backend, body);
        backend.RunBatch([write]);
        write.Task.GetAwaiter().GetResult();
    }
}
