using Npgsql;
using NpgsqlTypes;

namespace Workflows.Postgres;

/// <summary>
/// One connection inside one unit of work, with "now" read once: every statement binds <c>@now</c> to it, so a
/// transaction sees one instant of the database clock. A write records here which kinds of work it makes
/// claimable, and the commit notifies other processes of them.
/// </summary>
internal sealed class Db(NpgsqlConnection connection, DateTime now)
{
    public NpgsqlConnection Connection { get; } = connection;

    public DateTime Now { get; } = now;

    /// <summary>This transaction makes workflow tasks claimable: other processes' pollers are woken at COMMIT.</summary>
    public bool WakesWorkflows { get; set; }

    /// <summary>This transaction makes activity tasks claimable: other processes' pollers are woken at COMMIT.</summary>
    public bool WakesActivities { get; set; }

    /// <summary>A unique index refused the write.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public NpgsqlCommand Command(string sql, IReadOnlyList<string>? queues, (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = queues is { Count: 1 } ? Sql.ForOneQueue(sql) : sql;
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = Now });
        if (queues is { Count: 1 })
        {
            command.Parameters.Add(new NpgsqlParameter("queue", NpgsqlDbType.Text) { Value = queues[0] });
        }
        else if (queues is not null)
        {
            command.Parameters.Add(new NpgsqlParameter("queues", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = queues as string[] ?? [.. queues] });
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value ?? DBNull.Value);
        }

        return command;
    }

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

    public async Task<NpgsqlDataReader> ReaderAsync(string sql, IReadOnlyList<string>? queues, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        // The command is not disposed here: Npgsql's reader does not need it once executed.
        var command = Command(sql, queues, parameters);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Small helpers for reading columns.</summary>
internal static class NpgsqlReaderExtensions
{
    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTime? GetNullableDateTime(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);
}
