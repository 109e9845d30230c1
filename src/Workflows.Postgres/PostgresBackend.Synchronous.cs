using Npgsql;

namespace Workflows.Postgres;

public sealed partial class PostgresBackend
{
    /// <summary>
    /// Runs one statement in autocommit mode entirely on the calling thread (Npgsql's synchronous methods do
    /// their I/O there), with <c>@now</c> bound to the database clock read on the same connection first. No retry:
    /// the caller (the lease-renewal thread) tries again at its next interval.
    /// </summary>
    private int ExecuteSynchronously(string sql, Func<DateTime, (string Name, object? Value)[]> parameters)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var connection = _dataSource.OpenConnection();
        DateTime now;
        if (_options.UseBackendClock)
        {
            now = PostgresTime.Truncate(Options.TimeProvider.GetUtcNow().UtcDateTime);
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
