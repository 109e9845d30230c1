using MySqlConnector;

namespace Workflows.MySql;

// The rest of this class (the connection, "now", the wake-up flags, deferred writes and running statements) is
// shared with the other server backend: Workflows.Sql.Shared/ServerDb.cs.
internal sealed partial class Db
{
    /// <summary>A unique key refused the write.</summary>
    public static bool IsDuplicateKey(Exception exception) => exception is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry };

    /// <summary>The statement's text with its queue placeholder expanded for <paramref name="queues"/>.</summary>
    private static string Text(string sql, IReadOnlyList<string>? queues) => queues is null ? sql : Sql.WithQueues(sql, queues.Count);

    /// <summary>Binds <c>@now</c>, the queues (<c>@q0, @q1, ...</c>) and <paramref name="parameters"/>.</summary>
    private void Bind(MySqlParameterCollection target, IReadOnlyList<string>? queues, (string Name, object? Value)[] parameters)
    {
        if (_now is { } now)
        {
            target.AddWithValue("@now", now);
        }
        if (queues is not null)
        {
            for (int i = 0; i < queues.Count; i++)
            {
                target.AddWithValue("@q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), queues[i]);
            }
        }

        foreach (var (name, value) in parameters)
        {
            target.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
