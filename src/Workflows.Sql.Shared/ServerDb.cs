// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs: the unit of work the shared code writes
// and reads through. Each backend's Db.cs adds what differs: a statement's text for a list of queues (Text), how
// parameters are bound (Bind: the type of @now, parameter names) and which error is a duplicate key.
#if WORKFLOWS_MYSQL
using ServerBatch = MySqlConnector.MySqlBatch;
using ServerBatchCommand = MySqlConnector.MySqlBatchCommand;
using ServerCommand = MySqlConnector.MySqlCommand;
using ServerConnection = MySqlConnector.MySqlConnection;
using ServerDataReader = MySqlConnector.MySqlDataReader;

namespace Workflows.MySql;
#else
using ServerBatch = Npgsql.NpgsqlBatch;
using ServerBatchCommand = Npgsql.NpgsqlBatchCommand;
using ServerCommand = Npgsql.NpgsqlCommand;
using ServerConnection = Npgsql.NpgsqlConnection;
using ServerDataReader = Npgsql.NpgsqlDataReader;

namespace Workflows.Postgres;
#endif

/// <summary>
/// One connection inside one unit of work, with "now" read once: every statement binds <c>@now</c> to it, so a
/// transaction sees one instant of the database clock. A write records here which kinds of work it makes claimable;
/// PostgreSQL's commit notifies other processes of them, MySQL (no notification channel) leaves them to the next poll.
/// </summary>
/// <remarks>
/// A write whose only outcome is success or an error (an insert, a delete whose count nobody reads) can be
/// deferred (<see cref="Defer(string, ValueTuple{string, object?}[])"/>): it is sent with the COMMIT, as one batch,
/// which each provider sends in one round trip; any other statement sends what is deferred first, so reads always
/// see this transaction's own writes. The server runs a batch's statements one after another, in the order they
/// were issued, so locks are taken in the same order as without deferring, and a failing write stops the batch
/// there: the statements after it (the COMMIT among them) do not run, and the transaction is rolled back as before.
/// </remarks>
internal sealed partial class Db
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_namingClock = new(StringComparer.Ordinal);

    private List<Deferred>? _deferred;
    private DateTime? _now;

    /// <summary>The transaction has been started on the server (or is not this unit's to start).</summary>
    private bool _begun;

    /// <summary>A unit of work whose transaction, if any, was started and whose clock was read: <paramref name="now"/>.</summary>
    public Db(ServerConnection connection, DateTime now)
    {
        Connection = connection;
        _now = now;
        _begun = true;
    }

    /// <summary>
    /// A unit of work whose READ COMMITTED transaction is started by its first statement, which must be a
    /// <see cref="BatchReaderAsync"/>: the batch also reads the database clock (when <paramref name="now"/>, this
    /// process's clock, is null) and names it in its statements instead of binding <c>@now</c>.
    /// </summary>
    private Db(ServerConnection connection, DateTime? now)
    {
        Connection = connection;
        _now = now;
    }

    /// <inheritdoc cref="Db(ServerConnection, DateTime?)"/>
    public static Db Unbegun(ServerConnection connection, DateTime? now) => new(connection, now);

    public ServerConnection Connection { get; }

    /// <summary>"Now" of this unit of work; known once its first batch has run (see <see cref="Unbegun"/>).</summary>
    public DateTime Now => _now ?? throw new InvalidOperationException("The transaction's clock is read with its first batch; nothing before that may use it.");

    /// <summary>This transaction makes workflow tasks claimable (see the class summary for who is told).</summary>
    public bool WakesWorkflows { get; set; }

    /// <summary>This transaction makes activity tasks claimable (see <see cref="WakesWorkflows"/>).</summary>
    public bool WakesActivities { get; set; }

    /// <summary>A command for <paramref name="sql"/> with <c>@now</c>, the queues and <paramref name="parameters"/> bound.</summary>
    public ServerCommand Command(string sql, IReadOnlyList<string>? queues, (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = Text(sql, queues);
        Bind(command.Parameters, queues, parameters);
        return command;
    }

    /// <summary>
    /// Holds <paramref name="sql"/> back until the next statement that runs now (see the class remarks).
    /// <paramref name="translate"/>, when given, turns the error this write fails with into the one to throw (or
    /// returns null to leave it as it is).
    /// </summary>
    public void Defer(string sql, Func<Exception, Exception?>? translate, params (string Name, object? Value)[] parameters)
        => (_deferred ??= []).Add(new Deferred(sql, parameters, translate));

    /// <inheritdoc cref="Defer(string, Func{Exception, Exception?}?, ValueTuple{string, object?}[])"/>
    public void Defer(string sql, params (string Name, object? Value)[] parameters) => Defer(sql, null, parameters);

    /// <summary>Runs <paramref name="sql"/> (after what is deferred, sent first); returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(sql, null, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs what is deferred and then <paramref name="sql"/>, a statement whose count nobody reads (the COMMIT), in
    /// one round trip.
    /// </summary>
    public async Task SendAsync(string sql, CancellationToken cancellationToken)
    {
        RequireBegun();
        if (_deferred is not { Count: > 0 })
        {
            await using var command = Connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var batch = TakeDeferred();
        batch.BatchCommands.Add(new ServerBatchCommand(sql));
        await ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        => await ScalarAsync(sql, null, cancellationToken, parameters).ConfigureAwait(false);

    public async Task<object?> ScalarAsync(string sql, IReadOnlyList<string>? queues, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(sql, queues, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<ServerDataReader> ReaderAsync(string sql, IReadOnlyList<string>? queues, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);

        // The command is not disposed here: neither provider's reader needs it once executed.
        var command = Command(sql, queues, parameters);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in one round trip (after what is deferred, sent first) and returns the
    /// reader over their results. The statements that return rows come first, each giving one result set in order;
    /// at most one statement changes rows, and once the reader is disposed its <c>RecordsAffected</c> is that
    /// statement's count (both providers leave the rows a SELECT returns out of it).
    /// </summary>
    /// <remarks>
    /// When the transaction has not been started yet (<see cref="Unbegun"/>), the batch starts it: its BEGIN and, unless
    /// "now" is already known, the database clock's read go first, and the statements name the database clock where
    /// they would bind <c>@now</c>. The server's clock is one instant for the whole transaction (PostgreSQL's
    /// <c>now()</c> is the transaction's start; MySQL's is pinned by this read), so they see the value read.
    /// </remarks>
    public async Task<ServerDataReader> BatchReaderAsync(CancellationToken cancellationToken, params (string Sql, (string Name, object? Value)[] Parameters)[] statements)
    {
        if (_deferred is { Count: > 0 })
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        // The batch is not disposed here, like a command: neither provider's reader needs it once executed.
        var batch = Connection.CreateBatch();
        bool readsClock = false;
        if (!_begun)
        {
            batch.BatchCommands.Add(new ServerBatchCommand(Sql.BeginReadCommitted));
            if (_now is null)
            {
                readsClock = true;
                batch.BatchCommands.Add(new ServerBatchCommand(Sql.PinnedClockRead));
            }
        }

        foreach (var (sql, parameters) in statements)
        {
            batch.BatchCommands.Add(BatchCommand(readsClock ? NamingClock(sql) : sql, null, parameters));
        }

        // From here on the transaction is begun: a failure below rolls it back.
        _begun = true;
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (readsClock)
        {
            try
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The database clock's read returned no row.");
                }

                _now = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
                if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("A batch that reads the clock returned no result set after it.");
                }
            }
            catch
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return reader;
    }

    /// <summary>Sends what is deferred, if anything, in one round trip of its own.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        RequireBegun();
        if (_deferred is not { Count: > 0 })
        {
            return;
        }

        await using var batch = TakeDeferred();
        await ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A unit of work begun by its first batch (<see cref="Unbegun"/>) sends nothing else before that batch.</summary>
    private void RequireBegun()
    {
        if (!_begun)
        {
            throw new InvalidOperationException("This unit of work begins its transaction with its first batch; nothing may be sent before it.");
        }
    }

    /// <summary><paramref name="sql"/> with each <c>@now</c> replaced by the database clock's expression (kept per statement).</summary>
    private static string NamingClock(string sql) => s_namingClock.GetOrAdd(sql, ReplaceNow);

    private static string ReplaceNow(string sql)
    {
        var text = new System.Text.StringBuilder(sql.Length + 32);
        int from = 0;
        for (int at; (at = sql.IndexOf("@now", from, StringComparison.Ordinal)) >= 0; from = at + 4)
        {
            if (at + 4 < sql.Length && (char.IsLetterOrDigit(sql[at + 4]) || sql[at + 4] == '_'))
            {
                throw new InvalidOperationException($"A parameter whose name starts with @now cannot be told from the clock: {sql}");
            }

            text.Append(sql, from, at - from).Append(Sql.NowExpression);
        }

        return text.Append(sql, from, sql.Length - from).ToString();
    }

    private ServerBatchCommand BatchCommand(string sql, IReadOnlyList<string>? queues, (string Name, object? Value)[] parameters)
    {
        var command = new ServerBatchCommand(Text(sql, queues));
        Bind(command.Parameters, queues, parameters);
        return command;
    }

    /// <summary>A batch of the deferred writes, which are then no longer held here; the caller disposes it.</summary>
    private ServerBatch TakeDeferred()
    {
        var batch = Connection.CreateBatch();
        foreach (var deferred in _deferred!)
        {
            batch.BatchCommands.Add(BatchCommand(deferred.Sql, null, deferred.Parameters));
        }

        return batch;
    }

    /// <summary>Runs a batch whose first commands were deferred; their error is translated as they asked.</summary>
    private async Task ExecuteBatchAsync(ServerBatch batch, CancellationToken cancellationToken)
    {
        var deferred = _deferred!;
        _deferred = null;
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, deferred) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// The error to throw for <paramref name="exception"/>: the first translation of a deferred write that applies to
    /// it. Neither provider says which command of a batch failed, so a translation names the error it is for: the
    /// two there are (a duplicate key on a workflow task's history insert, and on a new instance's execution row)
    /// never share a batch, and no write deferred beside them can meet a duplicate key before them (a sub-workflow's
    /// execution row, which can, is sent on its own).
    /// </summary>
    private static Exception? Translate(Exception exception, List<Deferred> deferred)
    {
        foreach (var write in deferred)
        {
            if (write.Translate?.Invoke(exception) is { } translated)
            {
                return translated;
            }
        }

        return null;
    }

    private sealed record Deferred(string Sql, (string Name, object? Value)[] Parameters, Func<Exception, Exception?>? Translate);
}
