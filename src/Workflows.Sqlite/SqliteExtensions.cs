using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Workflows.Sqlite;

/// <summary>Small helpers for parameterized commands.</summary>
internal static class SqliteExtensions
{
    // Prepared commands per connection and SQL text: SQLite compiles a statement once per connection instead of
    // on every call. A connection is only ever used by one caller at a time (the writer under its gate, a reader
    // while rented), so the per-connection dictionary needs no lock.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> s_prepared = new();

    /// <summary>
    /// A command for <paramref name="sql"/> that stays prepared on <paramref name="connection"/>, with the given
    /// parameters bound. Do not dispose it, and finish its reader before the same text is asked for again.
    /// </summary>
    public static SqliteCommand Prepared(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var commands = s_prepared.GetValue(connection, static _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        var bound = command.Parameters;
        if (HasNames(bound, parameters))
        {
            // The same statement with the same names, as nearly every call has: new values on the parameter objects
            // it already has, instead of a new object per parameter per execution.
            for (int i = 0; i < parameters.Length; i++)
            {
                bound[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return command;
        }

        bound.Clear();
        foreach (var (name, value) in parameters)
        {
            bound.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static bool HasNames(SqliteParameterCollection bound, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (bound.Count != parameters.Length)
        {
            return false;
        }

        for (int i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(bound[i].ParameterName, parameters[i].Name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static SqliteCommand Command(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (RawStatements.For(connection, sql, parameters) is { } statement)
        {
            return statement.Execute(parameters);
        }

        return connection.Prepared(sql, parameters).ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (RawStatements.For(connection, sql, parameters) is { } statement)
        {
            return statement.Scalar(parameters);
        }

        var value = connection.Prepared(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and reads its first row with <paramref name="read"/>, or returns <c>default</c>
    /// when it returns none: by position inside the writer's transactions (<see cref="RawStatements"/>), through
    /// Microsoft.Data.Sqlite's reader otherwise.
    /// </summary>
    public static T First<TState, T>(this SqliteConnection connection, string sql, TState state, Func<Row, TState, T> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (RawStatements.For(connection, sql, parameters) is { } statement)
        {
            return statement.First(parameters, state, read);
        }

        using var reader = connection.Prepared(sql, parameters).ExecuteReader();
        return reader.Read() ? read(new Row(reader), state) : default!;
    }

    /// <summary>Runs <paramref name="sql"/> and hands each row to <paramref name="read"/>, on the same paths as <see cref="First"/>.</summary>
    public static void Each<TState>(this SqliteConnection connection, string sql, TState state, Action<Row, TState> read, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (RawStatements.For(connection, sql, parameters) is { } statement)
        {
            statement.Each(parameters, state, read);
            return;
        }

        using var reader = connection.Prepared(sql, parameters).ExecuteReader();
        while (reader.Read())
        {
            read(new Row(reader), state);
        }
    }

    /// <summary>Whether a transaction is open on the connection (SQLite ends one on its own after some errors).</summary>
    public static bool InTransaction(this SqliteConnection connection)
        => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    /// <summary>
    /// Rows inserted, updated or deleted on the connection since it opened, by statements that completed (a statement
    /// that failed and was undone does not count).
    /// </summary>
    public static long TotalChanges(this SqliteConnection connection)
        => SQLitePCL.raw.sqlite3_total_changes(connection.Handle);

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED (any extended code): another connection holds a lock; the transaction may be run again.</summary>
    public static bool IsTransient(this SqliteException exception) => exception.SqliteErrorCode is 5 or 6;
}
