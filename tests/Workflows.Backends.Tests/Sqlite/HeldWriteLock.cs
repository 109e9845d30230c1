using Microsoft.Data.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// Another connection that holds a SQLite file's write lock (<c>BEGIN IMMEDIATE</c>), so the backend's writes wait
/// behind it until <see cref="Release"/>.
/// </summary>
internal sealed class HeldWriteLock : IDisposable
{
    private readonly SqliteConnection _connection;

    public HeldWriteLock(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("BEGIN IMMEDIATE;");
    }

    /// <summary>Commits the empty transaction, letting the backend's writer in.</summary>
    public void Release() => Execute("COMMIT;");

    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
