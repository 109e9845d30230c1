using Npgsql;

namespace Workflows.Postgres;

/// <summary>
/// Applies the embedded, numbered, append-only scripts (<c>Scripts/NNNN_name.sql</c>) that the journal table does not
/// list yet, holding a session advisory lock keyed on the schema so two processes never migrate at once. PostgreSQL
/// DDL is transactional: each script and its journal entry commit together, or not at all. Refuses a schema that is
/// not ours or is newer than this code.
/// </summary>
internal static partial class SchemaMigrator
{
    // Names the embedded scripts (Workflows.Postgres.Scripts.NNNN_name.sql) and the package in errors. The scripts,
    // the version check and the statement helpers are shared with the other server backend:
    // Workflows.Sql.Shared/ServerSchemaMigrator.cs.
    private const string PackageName = "Workflows.Postgres";

    /// <summary>Migrates the schema of <paramref name="connection"/> (creating <paramref name="createSchema"/> first when given) and returns its name.</summary>
    public static async Task<string> MigrateAsync(NpgsqlConnection connection, string? createSchema, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        // A look without the lock, to skip it when the schema is current. Another process may be migrating right
        // now, so what it sees can be half-made: only the look under the lock may call the schema foreign.
        string? schema = await ScalarAsync(connection, Sql.SelectCurrentSchema, cancellationToken).ConfigureAwait(false) as string;
        if (schema is not null && await ReadVersionAsync(connection, schema, underLock: false, cancellationToken).ConfigureAwait(false) == CurrentVersion)
        {
            return schema;
        }

        string name = createSchema ?? schema
            ?? throw new InvalidOperationException("The connection's search path names no existing schema; set PostgresBackendOptions.SchemaName or a Search Path in the connection string.");
        long key = LockKey("workflows.migrate." + name);
        var deadline = DateTime.UtcNow + lockTimeout;
        while (!(bool)(await ScalarAsync(connection, Sql.TryMigrationLock, cancellationToken, ("key", key)).ConfigureAwait(false))!)
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Another process held the schema migration lock of schema '{name}' for longer than {lockTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (createSchema is not null)
            {
                await ExecuteAsync(connection, Sql.CreateSchema(createSchema), cancellationToken).ConfigureAwait(false);
            }

            // Another process may have migrated while we waited for the lock.
            int version = await ReadVersionAsync(connection, name, underLock: true, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Sql.CreateJournal, cancellationToken).ConfigureAwait(false);
            foreach (var (number, script, text) in s_scripts.Value)
            {
                if (number <= version)
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, text, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, Sql.InsertJournalEntry, cancellationToken, ("version", number), ("script", script)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ScalarAsync(connection, Sql.ReleaseMigrationLock, CancellationToken.None, ("key", key)).ConfigureAwait(false);
            }
        }

        return name;
    }

    /// <summary>A stable 64-bit advisory lock key for <paramref name="name"/> (FNV-1a; the same in every process).</summary>
    internal static long LockKey(string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
