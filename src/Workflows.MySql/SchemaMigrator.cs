using System.Globalization;
using MySqlConnector;

namespace Workflows.MySql;

/// <summary>
/// Applies the embedded, numbered, append-only scripts (<c>Scripts/NNNN_name.sql</c>) that the journal table does not
/// list yet, holding the named lock <c>GET_LOCK('workflows.migrate.&lt;schema&gt;')</c> so two processes never migrate
/// at once. DDL commits implicitly in MySQL, so each script is written to be run again safely (IF NOT EXISTS) and is
/// journaled only after it ran in full. Refuses a schema that is not ours or is newer than this code.
/// </summary>
internal static partial class SchemaMigrator
{
    // Names the embedded scripts (Workflows.MySql.Scripts.NNNN_name.sql) and the package in errors. The scripts,
    // the version check and the statement helpers are shared with the other server backend:
    // Workflows.Sql.Shared/ServerSchemaMigrator.cs.
    private const string PackageName = "Workflows.MySql";

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
}
