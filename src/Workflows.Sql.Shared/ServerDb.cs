// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs: the unit of work the shared code writes
// and reads through. Each backend's Db.cs adds what differs: how a command is made (queue lists, the type of @now,
// parameter names) and which error is a duplicate key.
#if WORKFLOWS_MYSQL
using ServerConnection = MySqlConnector.MySqlConnection;
using ServerDataReader = MySqlConnector.MySqlDataReader;

namespace Workflows.MySql;
#else
using ServerConnection = Npgsql.NpgsqlConnection;
using ServerDataReader = Npgsql.NpgsqlDataReader;

namespace Workflows.Postgres;
#endif

/// <summary>
/// One connection inside one unit of work, with "now" read once: every statement binds <c>@now</c> to it, so a
/// transaction sees one instant of the database clock. A write records here which kinds of work it makes claimable;
/// PostgreSQL's commit notifies other processes of them, MySQL (no notification channel) leaves them to the next poll.
/// </summary>
internal sealed partial class Db(ServerConnection connection, DateTime now)
{
    public ServerConnection Connection { get; } = connection;

    public DateTime Now { get; } = now;

    /// <summary>This transaction makes workflow tasks claimable (see the class summary for who is told).</summary>
    public bool WakesWorkflows { get; set; }

    /// <summary>This transaction makes activity tasks claimable (see <see cref="WakesWorkflows"/>).</summary>
    public bool WakesActivities { get; set; }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, null, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        => await ScalarAsync(sql, null, cancellationToken, parameters).ConfigureAwait(false);

    public async Task<object?> ScalarAsync(string sql, IReadOnlyList<string>? queues, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, queues, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<ServerDataReader> ReaderAsync(string sql, IReadOnlyList<string>? queues, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        // The command is not disposed here: neither provider's reader needs it once executed.
        var command = Command(sql, queues, parameters);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }
}
