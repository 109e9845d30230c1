using MySqlConnector;

namespace Workflows.MySql;

public sealed partial class MySqlBackend
{
    /// <summary>
    /// Runs one statement in autocommit mode entirely on the calling thread (MySqlConnector's synchronous methods do
    /// their I/O there), with <c>@now</c> bound to the database clock read on the same connection first. No retry:
    /// the caller (the lease-renewal thread) tries again at its next interval.
    /// </summary>
    private int ExecuteSynchronously(string sql, Func<DateTime, (string Name, object? Value)[]> parameters)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var connection = new MySqlConnection(_connectionString);
        connection.Open();
        DateTime now;
        if (_options.UseBackendClock)
        {
            now = MySqlTime.Truncate(Options.TimeProvider.GetUtcNow().UtcDateTime);
        }
        else
        {
            using var read = connection.CreateCommand();
            read.CommandText = Sql.SelectDatabaseNow;
            now = DateTime.SpecifyKind((DateTime)read.ExecuteScalar()!, DateTimeKind.Utc);
        }

        var db = new Db(connection, now);
        using var command = db.Command(sql, null, parameters(now));
        int rows = command.ExecuteNonQuery();
        Interlocked.Increment(ref _commits);
        return rows;
    }
}
