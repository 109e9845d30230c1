using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Workflows.Sqlite;

/// <summary>
/// The writer's single statements, prepared on SQLite directly and bound by position: Microsoft.Data.Sqlite looks
/// each parameter up by name and dispatches on its value's type on every execution, which was a measurable share of
/// the one writer thread's time (docs/benchmarks.md, "Round two, part ten"). Only statements of one SQL statement whose
/// values are all null, text or integers take this path; anything else goes through Microsoft.Data.Sqlite as
/// before. Values are bound exactly as Microsoft.Data.Sqlite binds them, so what is stored does not depend on the path.
/// </summary>
internal sealed class RawStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, RawStatements> s_enabled = new();

    private readonly Dictionary<string, Statement?> _statements = new(StringComparer.Ordinal);

    private RawStatements(SqliteConnection connection)
    {
        connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == System.Data.ConnectionState.Closed)
            {
                Release();
            }
        };
    }

    /// <summary>Lets <paramref name="connection"/>'s single statements take the positional path from now on.</summary>
    public static void Enable(SqliteConnection connection) => s_enabled.GetValue(connection, static c => new RawStatements(c));

    /// <summary>Finalizes <paramref name="connection"/>'s statements of this path, before it closes.</summary>
    public static void Release(SqliteConnection connection)
    {
        if (s_enabled.TryGetValue(connection, out var statements))
        {
            statements.Release();
        }
    }

    /// <summary>
    /// The positional statement for <paramref name="sql"/> on <paramref name="connection"/> with these parameters
    /// resolved, or null to take Microsoft.Data.Sqlite's path: outside a transaction (where <c>BEGIN</c> may wait for
    /// another process's lock, which Microsoft.Data.Sqlite retries), for more than one statement, and for parameters
    /// that are not exactly the statement's own.
    /// </summary>
    public static Statement? For(SqliteConnection connection, string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!s_enabled.TryGetValue(connection, out var statements) || !Bindable(parameters) || !connection.InTransaction())
        {
            return null;
        }

        if (!statements._statements.TryGetValue(sql, out var statement))
        {
            var (prepared, single) = Statement.TryPrepare(connection, sql);
            if (prepared is null && single)
            {
                return null; // It does not compile now; Microsoft.Data.Sqlite's path reports why, and the next call tries again.
            }

            statement = prepared;
            statements._statements[sql] = statement;
        }

        return statement is not null && statement.Resolve(parameters) ? statement : null;
    }

    private static bool Bindable(ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        foreach (var (_, value) in parameters)
        {
            if (value is not (null or DBNull or string or long or int))
            {
                return false;
            }
        }

        return true;
    }

    private void Release()
    {
        foreach (var statement in _statements.Values)
        {
            statement?.Dispose();
        }

        _statements.Clear();
    }

    /// <summary>One prepared statement and the positions of its parameters by name.</summary>
    internal sealed class Statement : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _stmt;
        private readonly bool _readOnly;
        private string[] _names = [];
        private int[] _indexes = [];

        private Statement(SqliteConnection connection, sqlite3_stmt stmt)
        {
            _connection = connection;
            _stmt = stmt;
            _readOnly = raw.sqlite3_stmt_readonly(stmt) != 0;
        }

        /// <summary>The statement for <paramref name="sql"/>, or null; Single is false when the text holds more than one statement.</summary>
        public static (Statement? Statement, bool Single) TryPrepare(SqliteConnection connection, string sql)
        {
            int rc = raw.sqlite3_prepare_v3(connection.Handle, sql, raw.SQLITE_PREPARE_PERSISTENT, out var stmt, out string tail);
            if (rc != raw.SQLITE_OK || stmt is null || stmt.IsInvalid)
            {
                stmt?.Dispose();
                return (null, true);
            }

            if (!string.IsNullOrWhiteSpace(tail))
            {
                stmt.Dispose();
                return (null, false); // More than one statement: Microsoft.Data.Sqlite runs them in order.
            }

            return (new Statement(connection, stmt), true);
        }

        /// <summary>Runs the statement to its end; the rows changed, or -1 for a statement that changes none (as <see cref="SqliteCommand.ExecuteNonQuery"/>).</summary>
        public int Execute(ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            Each(parameters, 0, static (_, _) => { });
            return _readOnly ? -1 : raw.sqlite3_changes(_connection.Handle);
        }

        /// <summary>The first row's first column (long, double, string, byte[]), or null (as <see cref="SqliteCommand.ExecuteScalar"/>, with DBNull as null).</summary>
        public object? Scalar(ReadOnlySpan<(string Name, object? Value)> parameters)
            => First(parameters, 0, static (row, _) => row.GetValue(0));

        /// <summary>
        /// Runs the statement and reads its first row, if any, with <paramref name="read"/>; <c>default</c> when it
        /// returns none. A <c>RETURNING</c> statement has made all its changes by its first row (SQLite's rule), so the
        /// rows after it need not be stepped through.
        /// </summary>
        public T First<TState, T>(ReadOnlySpan<(string Name, object? Value)> parameters, TState state, Func<Row, TState, T> read)
        {
            Bind(parameters);
            try
            {
                int rc = raw.sqlite3_step(_stmt);
                if (rc == raw.SQLITE_DONE)
                {
                    return default!;
                }

                if (rc != raw.SQLITE_ROW)
                {
                    Fail(rc);
                }

                return read(new Row(_stmt), state);
            }
            finally
            {
                raw.sqlite3_reset(_stmt);
            }
        }

        /// <summary>Runs the statement and hands each row it returns to <paramref name="read"/>.</summary>
        public void Each<TState>(ReadOnlySpan<(string Name, object? Value)> parameters, TState state, Action<Row, TState> read)
        {
            Bind(parameters);
            try
            {
                int rc;
                while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW)
                {
                    read(new Row(_stmt), state);
                }

                if (rc != raw.SQLITE_DONE)
                {
                    Fail(rc);
                }
            }
            finally
            {
                raw.sqlite3_reset(_stmt);
            }
        }

        public void Dispose() => _stmt.Dispose();

        /// <summary>Whether <paramref name="parameters"/> name every parameter of the statement, each once; remembers their positions.</summary>
        public bool Resolve(ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (SameNames(parameters))
            {
                return true;
            }

            if (parameters.Length != raw.sqlite3_bind_parameter_count(_stmt))
            {
                return false;
            }

            var names = new string[parameters.Length];
            var indexes = new int[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                names[i] = parameters[i].Name;
                indexes[i] = raw.sqlite3_bind_parameter_index(_stmt, parameters[i].Name);
                if (indexes[i] == 0 || Array.IndexOf(indexes, indexes[i], 0, i) >= 0)
                {
                    return false;
                }
            }

            _names = names;
            _indexes = indexes;
            return true;
        }

        // Binds by the positions Resolve found for these names.
        private void Bind(ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                int index = _indexes[i];
                int rc = parameters[i].Value switch
                {
                    null or DBNull => raw.sqlite3_bind_null(_stmt, index),
                    string text => raw.sqlite3_bind_text(_stmt, index, text),
                    long integer => raw.sqlite3_bind_int64(_stmt, index, integer),
                    int integer => raw.sqlite3_bind_int64(_stmt, index, integer),
                    var other => throw new InvalidOperationException($"{other.GetType()} is not bound by position."),
                };
                if (rc != raw.SQLITE_OK)
                {
                    Fail(rc);
                }
            }
        }

        private bool SameNames(ReadOnlySpan<(string Name, object? Value)> parameters)
        {
            if (_names.Length != parameters.Length)
            {
                return false;
            }

            for (int i = 0; i < parameters.Length; i++)
            {
                if (!ReferenceEquals(_names[i], parameters[i].Name) && !string.Equals(_names[i], parameters[i].Name, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        private void Fail(int rc)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            throw new InvalidOperationException($"SQLite returned {rc}."); // ThrowExceptionForRC throws for every error code.
        }
    }
}

/// <summary>
/// The current row of a query, read by column: from SQLite directly on the positional path, from Microsoft.Data.Sqlite's
/// reader otherwise. Both read a column the same way (SQLite's own conversions), and both refuse a NULL where a value
/// is asked for.
/// </summary>
internal readonly struct Row
{
    private readonly sqlite3_stmt? _stmt;
    private readonly SqliteDataReader? _reader;

    public Row(sqlite3_stmt stmt) => _stmt = stmt;

    public Row(SqliteDataReader reader) => _reader = reader;

    public bool IsNull(int ordinal) => _reader?.IsDBNull(ordinal) ?? raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_NULL;

    /// <summary>The column's value as SQLite stores it (long, double, string, byte[]), or null.</summary>
    public object? GetValue(int ordinal)
    {
        if (_reader is not null)
        {
            return _reader.IsDBNull(ordinal) ? null : _reader.GetValue(ordinal);
        }

        return raw.sqlite3_column_type(_stmt, ordinal) switch
        {
            raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_stmt, ordinal),
            raw.SQLITE_FLOAT => raw.sqlite3_column_double(_stmt, ordinal),
            raw.SQLITE_TEXT => raw.sqlite3_column_text(_stmt, ordinal).utf8_to_string(),
            raw.SQLITE_BLOB => raw.sqlite3_column_blob(_stmt, ordinal).ToArray(),
            _ => null,
        };
    }

    public long GetInt64(int ordinal)
    {
        if (_reader is not null)
        {
            return _reader.GetInt64(ordinal);
        }

        NotNull(ordinal);
        return raw.sqlite3_column_int64(_stmt, ordinal);
    }

    public int GetInt32(int ordinal) => _reader?.GetInt32(ordinal) ?? checked((int)GetInt64(ordinal));

    public string GetString(int ordinal)
    {
        if (_reader is not null)
        {
            return _reader.GetString(ordinal);
        }

        NotNull(ordinal);
        return raw.sqlite3_column_text(_stmt, ordinal).utf8_to_string();
    }

    public string? GetNullableString(int ordinal) => IsNull(ordinal) ? null : GetString(ordinal);

    public long? GetNullableInt64(int ordinal) => IsNull(ordinal) ? null : GetInt64(ordinal);

    private void NotNull(int ordinal)
    {
        if (raw.sqlite3_column_type(_stmt, ordinal) == raw.SQLITE_NULL)
        {
            throw new InvalidOperationException($"The value of column {ordinal} ('{raw.sqlite3_column_name(_stmt, ordinal).utf8_to_string()}') is NULL.");
        }
    }
}
