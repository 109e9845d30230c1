using System.Globalization;
using MySqlConnector;

namespace Workflows.MySql;

/// <summary>
/// Applies the embedded, numbered, append-only scripts (<c>Scripts/NNNN_name.sql</c>) that the journal table does not
/// list yet, holding the named lock <c>GET_LOCK('workflows.migrate.&lt;schema&gt;')</c> so two processes never migrate
/// at once. DDL commits implicitly in MySQL, so each script is written to be run again safely (IF NOT EXISTS) and is
/// journaled only after it ran in full. Refuses a schema that is not ours or is newer than this code.
/// </summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "Workflows.MySql.Scripts.";

    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Text)>> s_scripts = new(() => SchemaScripts.Load(typeof(SchemaMigrator).Assembly, ResourcePrefix));

    /// <summary>The schema version this code writes: the number of the last script.</summary>
    public static int CurrentVersion => s_scripts.Value[^1].Version;

    public static async Task MigrateAsync(MySqlConnection connection, string database, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        // A look without the lock, to skip it when the schema is current. Another process may be migrating right
        // now, so what it sees can be half-made: only the look under the lock may call the schema foreign.
        if (await ReadVersionAsync(connection, database, underLock: false, cancellationToken).ConfigureAwait(false) == CurrentVersion)
        {
            return;
        }

        string lockName = "workflows.migrate." + database;
        var acquired = await ScalarAsync(connection, Sql.AcquireMigrationLock, cancellationToken, ("@name", lockName), ("@timeoutSeconds", (int)Math.Ceiling(lockTimeout.TotalSeconds))).ConfigureAwait(false);
        if (Convert.ToInt64(acquired, CultureInfo.InvariantCulture) != 1)
        {
            throw new TimeoutException($"Another process held the schema migration lock '{lockName}' for longer than {lockTimeout}.");
        }

        try
        {
            // Another process may have migrated while we waited for the lock.
            int version = await ReadVersionAsync(connection, database, underLock: true, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Sql.CreateJournal, cancellationToken).ConfigureAwait(false);
            foreach (var (number, name, text) in s_scripts.Value)
            {
                if (number <= version)
                {
                    continue;
                }

                await ExecuteAsync(connection, text, cancellationToken).ConfigureAwait(false);
                FaultPoints.Hit(FaultPoints.SchemaScriptApplied);
                await ExecuteAsync(connection, Sql.InsertJournalEntry, cancellationToken, ("@version", number), ("@script", name)).ConfigureAwait(false);
            }
        }
        finally
        {
            await ScalarAsync(connection, Sql.ReleaseMigrationLock, CancellationToken.None, ("@name", lockName)).ConfigureAwait(false);
        }
    }

    private static async Task<int> ReadVersionAsync(MySqlConnection connection, string database, bool underLock, CancellationToken cancellationToken)
    {
        bool hasJournal = Convert.ToInt64(await ScalarAsync(connection, Sql.CountJournalTable, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        if (!hasJournal && !underLock)
        {
            return 0;
        }

        if (!hasJournal)
        {
            long tables = Convert.ToInt64(await ScalarAsync(connection, Sql.CountUserTables, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (tables > 0)
            {
                throw new InvalidOperationException(
                    $"The schema '{database}' holds {tables} table(s) but no 'workflows_schema_journal' table, so it belongs to something else. Use a separate schema for Workflows.");
            }

            return 0;
        }

        int current = Convert.ToInt32(await ScalarAsync(connection, Sql.SelectSchemaVersion, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (current > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The schema '{database}' is at version {current}, and this version of Workflows.MySql knows versions up to {CurrentVersion}. Upgrade the package; nothing was changed.");
        }

        return current;
    }

    private static async Task<object?> ScalarAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
