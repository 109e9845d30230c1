using MySqlConnector;

namespace Workflows.MySql;

// The rest of this class (the connection, "now", the wake-up flags, and running statements) is shared with the
// other server backend: Workflows.Sql.Shared/ServerDb.cs.
internal sealed partial class Db
{
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
}
