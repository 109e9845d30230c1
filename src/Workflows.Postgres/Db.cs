using Npgsql;
using NpgsqlTypes;

namespace Workflows.Postgres;

// The rest of this class (the connection, "now", the wake-up flags, and running statements) is shared with the
// other server backend: Workflows.Sql.Shared/ServerDb.cs.
internal sealed partial class Db
{
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
}
