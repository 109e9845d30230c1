using Microsoft.Data.Sqlite;

namespace Workflows.Sqlite;

/// <summary>
/// One write transaction body waiting for the file's writer, which runs it together with the others waiting
/// (group commit): each in its own savepoint, all under one <c>BEGIN IMMEDIATE</c> and one <c>COMMIT</c>.
/// </summary>
internal abstract class PendingWrite(SqliteBackend owner, CancellationToken cancellationToken)
{
    private int _state; // 0 queued, 1 taken by the writer, 2 cancelled before it was taken

    /// <summary>The backend whose options the transaction runs under.</summary>
    public SqliteBackend Owner { get; } = owner;

    /// <summary>The caller's token; honoured until the writer takes the write.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>What the body threw on its last run (its savepoint was rolled back), or null.</summary>
    public Exception? Error { get; protected set; }

    /// <summary>Claims the write for the writer; false when the caller gave up first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    /// <summary>Gives the write up before the writer took it; false when it is already running or done.</summary>
    public bool TryCancel() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

    /// <summary>Runs the body; true when it returned, false when it threw (see <see cref="Error"/>).</summary>
    public abstract bool Run(SqliteConnection db, DateTimeOffset now);

    /// <summary>Hands the outcome of the last run to the caller; called once the transaction committed (or the body failed on its own).</summary>
    public abstract void Publish();

    /// <summary>Fails the write with an error of the whole transaction.</summary>
    public abstract void Fail(Exception error);

    /// <summary>Completes the caller's task as cancelled.</summary>
    public abstract void Cancel();
}

/// <summary>A write whose body returns <typeparamref name="T"/>.</summary>
/// <remarks>
/// The caller's continuation normally runs on the thread pool, never on the writer's thread (it would hold up the
/// next transaction). A lease renewal asks for <paramref name="completeOnWriterThread"/>: its continuation is a few
/// instructions, and it must not wait for a pool thread that blocking activities may all hold.
/// </remarks>
internal sealed class PendingWrite<T>(SqliteBackend owner, Func<SqliteConnection, DateTimeOffset, T> work, CancellationToken cancellationToken, bool completeOnWriterThread = false)
    : PendingWrite(owner, cancellationToken)
{
    private readonly TaskCompletionSource<T> _outcome = new(completeOnWriterThread ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
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

    public override void Fail(Exception error) => _outcome.TrySetException(error);

    public override void Cancel() => _outcome.TrySetCanceled(CancellationToken);
}
