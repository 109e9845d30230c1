using Microsoft.Data.Sqlite;

namespace Workflows.Sqlite;

/// <summary>
/// One write transaction body waiting for the file's writer, which runs it together with the others waiting
/// (group commit): all under one <c>BEGIN IMMEDIATE</c> and one <c>COMMIT</c>, one that throws undone alone.
/// </summary>
internal abstract class PendingWrite(SqliteBackend owner, WriteAnswer answer, CancellationToken cancellationToken) : IThreadPoolWorkItem
{
    private int _state; // 0 queued, 1 taken by the writer, 2 cancelled before it was taken

    /// <summary>The backend whose options the transaction runs under.</summary>
    public SqliteBackend Owner { get; } = owner;

    /// <summary>The caller's token; honoured until the writer takes the write.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What the body threw on its last run (whatever it had changed was undone), or null.</summary>
    public Exception? Error { get; protected set; }

    /// <summary>Claims the write for the writer; false when the caller gave up first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    /// <summary>Gives the write up before the writer took it; false when it is already running or done.</summary>
    public bool TryCancel() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

    /// <summary>Runs the body; true when it returned, false when it threw (see <see cref="Error"/>).</summary>
    public abstract bool Run(SqliteConnection db, DateTimeOffset now);

    /// <summary>Where the caller's continuation runs.</summary>
    public WriteAnswer Answer { get; } = answer;

    /// <summary>
    /// Hands the outcome of the last run to the caller; called once the transaction committed (or the body failed on
    /// its own). A <see cref="WriteAnswer.Shared"/> write's continuation runs inline, on the calling thread, so such a
    /// write is published through <see cref="PublishAll"/>, never on the writer's thread.
    /// </summary>
    public abstract void Publish();

    /// <summary>Fails the write with an error of the whole transaction; the caller's continuation never runs on the calling thread unless the write answers on the <see cref="WriteAnswer.WriterThread"/>.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Completes the caller's task as cancelled, off the calling thread unless the write answers on the <see cref="WriteAnswer.WriterThread"/>.</summary>
    public abstract void Cancel();

    /// <summary>
    /// Publishes the outcome of every write of a finished transaction. Those answered on the writer's thread or alone
    /// are published here (an alone write's task queues its own continuation); each shared one on a thread-pool work
    /// item of its own, which runs its caller's continuation inline up to the next await. Answering several shared
    /// writes from one work item, as the writer once did, saved work items but answered them one after another: on a
    /// quiet machine W1 ran a third slower with 16 per item than with one each (docs/benchmarks.md, "Round two, part
    /// eleven").
    /// </summary>
    public static void PublishAll(ReadOnlySpan<PendingWrite> batch)
    {
        foreach (var write in batch)
        {
            if (write.Answer == WriteAnswer.Shared)
            {
                ThreadPool.UnsafeQueueUserWorkItem(write, preferLocal: false);
            }
            else
            {
                write.Publish();
            }
        }
    }

    /// <summary>Publishes a shared write's outcome on the thread pool (see <see cref="PublishAll"/>).</summary>
    void IThreadPoolWorkItem.Execute() => Publish();
}

/// <summary>A write whose body returns <typeparamref name="T"/>.</summary>
/// <remarks>
/// The caller's continuation runs on the thread pool, never on the writer's thread (it would hold up the next
/// transaction), except for <see cref="WriteAnswer.WriterThread"/>: see <see cref="WriteAnswer"/>.
/// </remarks>
internal sealed class PendingWrite<T>(SqliteBackend owner, Func<SqliteConnection, DateTimeOffset, T> work, WriteAnswer answer, CancellationToken cancellationToken)
    : PendingWrite(owner, answer, cancellationToken)
{
    // A shared or writer-thread write's continuation runs where the outcome is set, so the publisher chooses the
    // thread (see PublishAll); an alone write's always gets a work item of its own.
    private readonly TaskCompletionSource<T> _outcome = new(answer == WriteAnswer.Alone ? TaskCreationOptions.RunContinuationsAsynchronously : TaskCreationOptions.None);
    private T? _result;

    /// <summary>Completes when the write committed, failed or was cancelled.</summary>
    public Task<T> Task => _outcome.Task;

    public override bool Run(SqliteConnection db, DateTimeOffset now)
    {
        try
        {
            _result = work(db, now);
            Error = null;
            return true;
        }
        catch (Exception ex)
        {
            _result = default;
            Error = ex;
            return false;
        }
    }

    public override void Publish()
    {
        if (Error is null)
        {
            _outcome.TrySetResult(_result!);
        }
        else
        {
            _outcome.TrySetException(Error);
        }
    }

    public override void Fail(Exception error)
    {
        if (Answer != WriteAnswer.Shared)
        {
            _outcome.TrySetException(error);
            return;
        }

        // Rare (a failed transaction, a closed backend): a work item of its own, off the writer's thread.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Outcome.TrySetException(state.Error), (Outcome: _outcome, Error: error), preferLocal: false);
    }

    // Called from the caller's cancellation callback: the caller's continuation must not run inside its Cancel(),
    // except a renewal's, which must never wait for a pool thread.
    public override void Cancel()
    {
        if (Answer != WriteAnswer.Shared)
        {
            _outcome.TrySetCanceled(CancellationToken);
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Outcome.TrySetCanceled(state.Token), (Outcome: _outcome, Token: CancellationToken), preferLocal: false);
    }
}

/// <summary>Where the caller of a <see cref="PendingWrite"/> gets its answer once the transaction ended.</summary>
internal enum WriteAnswer
{
    /// <summary>
    /// On a thread-pool work item of the write's own (the write itself), on which the caller's continuation runs inline
    /// up to its next await. For the worker's own writes, whose continuations are a few microseconds of bookkeeping.
    /// </summary>
    Shared,

    /// <summary>
    /// On a thread-pool work item of its own. For the writes the public API makes (start, signal, cancel, terminate,
    /// remove...): the caller's code runs on from there, and may block on another write.
    /// </summary>
    Alone,

    /// <summary>
    /// On the thread that answers the transaction, never the pool's: the writer's, or the WAL's sync thread when the
    /// answer waits for a sync (<see cref="WalSync"/>). For lease renewals, whose continuation is a few instructions
    /// and must not wait for a pool thread that blocking activities may all hold.
    /// </summary>
    WriterThread,
}
