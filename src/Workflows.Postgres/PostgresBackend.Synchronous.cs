using Npgsql;

namespace Workflows.Postgres;

public sealed partial class PostgresBackend
{
    /// <summary>An open connection, opened on the calling thread (for the synchronous lease renewals).</summary>
    private NpgsqlConnection OpenConnectionSynchronously() => _dataSource.OpenConnection();
}
