using Npgsql;
using NpgsqlTypes;

namespace Workflows.Postgres;

// The rest of this class (the connection, "now", the wake-up flags, deferred writes and running statements) is
// shared with the other server backend: Workflows.Sql.Shared/ServerDb.cs.
internal sealed partial class Db
{
    /// <summary>A unique index refused the write.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>The statement's text, narrowed to one queue when there is one (see <see cref="Sql.ForOneQueue"/>).</summary>
    private static string Text(string sql, IReadOnlyList<string>? queues) => queues is { Count: 1 } ? Sql.ForOneQueue(sql) : sql;

    /// <summary>Binds <c>now</c>, the queue or queues, and <paramref name="parameters"/> (names without their <c>@</c>).</summary>
    private void Bind(NpgsqlParameterCollection target, IReadOnlyList<string>? queues, (string Name, object? Value)[] parameters)
    {
        if (_now is { } now)
        {
            target.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
        }
        if (queues is { Count: 1 })
        {
            target.Add(new NpgsqlParameter("queue", NpgsqlDbType.Text) { Value = queues[0] });
        }
        else if (queues is not null)
        {
            target.Add(new NpgsqlParameter("queues", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = queues as string[] ?? [.. queues] });
        }

        foreach (var (name, value) in parameters)
        {
            target.AddWithValue(name.TrimStart('@'), value ?? DBNull.Value);
        }
    }
}
