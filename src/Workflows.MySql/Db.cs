using MySqlConnector;

namespace Workflows.MySql;

/// <summary>
/// One connection inside one unit of work, with "now" read once: every statement binds <c>@now</c> to it, so a
/// transaction sees one instant of the database clock.
/// </summary>
internal sealed class Db(MySqlConnection connection, DateTime now)
{
    public MySqlConnection Connection { get; } = connection;

    public DateTime Now { get; } = now;

    /// <summary>
    /// This transaction makes workflow tasks claimable. MySQL has no notification channel, so other processes find
    /// the work at their next poll; the commit code is shared with PostgreSQL, which wakes them at COMMIT.
    /// </summary>
    public bool WakesWorkflows { get; set; }

    /// <summary>This transaction makes activity tasks claimable (see <see cref="WakesWorkflows"/>).</summary>
    public bool WakesActivities { get; set; }

    /// <summary>A unique key refused the write.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry };

    public MySqlCommand Command(string sql, IReadOnlyList<string>? queues, (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = queues is null ? sql : Sql.WithQueues(sql, queues.Count);
        command.Parameters.AddWithValue("@now", Now);
        if (queues is not null)
        {
            for (int i = 0; i < queues.Count; i++)
            {
                command.Parameters.AddWithValue("@q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), queues[i]);
            }
        }

        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
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

    public async Task<MySqlDataReader> ReaderAsync(string sql, IReadOnlyList<string>? queues, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        // The command is not disposed here: MySqlConnector's reader does not need it once executed.
        var command = Command(sql, queues, parameters);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Small helpers for reading columns.</summary>
internal static class MySqlReaderExtensions
{
    public static string? GetNullableString(this MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTime? GetNullableDateTime(this MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);
}
