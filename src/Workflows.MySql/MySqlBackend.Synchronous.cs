using MySqlConnector;

namespace Workflows.MySql;

public sealed partial class MySqlBackend
{
    /// <summary>An open connection, opened on the calling thread (for the synchronous lease renewals).</summary>
    private MySqlConnection OpenConnectionSynchronously()
    {
        var connection = new MySqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
