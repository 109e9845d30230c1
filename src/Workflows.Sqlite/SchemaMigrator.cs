using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Workflows.Sqlite;

/// <summary>
/// Applies the embedded, numbered, append-only scripts (<c>Scripts/NNNN_name.sql</c>) that the journal table does
/// not list yet, in one <c>BEGIN IMMEDIATE</c> transaction, which is also the lock that keeps two processes from
/// migrating at once. Refuses, without writing anything, a database that is not ours or that is newer than this code.
/// </summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "Workflows.Sqlite.Scripts.";

    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Text)>> s_scripts = new(() => SchemaScripts.Load(typeof(SchemaMigrator).Assembly, ResourcePrefix));

    /// <summary>The schema version this code writes: the number of the last script.</summary>
    public static int CurrentVersion => s_scripts.Value[^1].Version;

    public static void Migrate(SqliteConnection connection, string path, DateTimeOffset now)
    {
        // Look first, without a write lock and without writing: a foreign or newer database is left untouched.
        // One read transaction, so the look is a consistent snapshot even while another process migrates.
        int seen;
        connection.Execute(Sql.BeginDeferred);
        try
        {
            seen = ReadVersion(connection, path);
        }
        finally
        {
            TryRollback(connection);
        }

        if (seen == CurrentVersion)
        {
            return;
        }

        // Tables: workflows_schema_journal, then whatever the missing scripts create or change.
        connection.Execute(Sql.BeginImmediate);
        try
        {
            // Another process may have migrated while we waited for the lock.
            int version = ReadVersion(connection, path);
            connection.Execute(Sql.CreateJournal);
            foreach (var (number, name, text) in s_scripts.Value)
            {
                if (number <= version)
                {
                    continue;
                }

                connection.Execute(text);
                FaultPoints.Hit(FaultPoints.SchemaScriptApplied);
                connection.Execute(Sql.InsertJournalEntry, ("$version", number), ("$script", name), ("$appliedAt", SqliteTime.ToTicks(now)));
            }

            connection.Execute(Sql.Commit);
        }
        catch
        {
            TryRollback(connection);
            throw;
        }
    }

    private static int ReadVersion(SqliteConnection connection, string path)
    {
        bool hasJournal = Convert.ToInt64(connection.Scalar(Sql.CountTable, ("$name", Sql.JournalTable)), CultureInfo.InvariantCulture) > 0;
        if (!hasJournal)
        {
            long tables = Convert.ToInt64(connection.Scalar(Sql.CountUserTables), CultureInfo.InvariantCulture);
            if (tables > 0)
            {
                throw new UnusableDatabaseException(path, UnusableDatabaseReason.ForeignSchema,
                    $"it holds {tables} table(s) but no '{Sql.JournalTable}' table, so it belongs to something else. Use a separate file for Workflows.");
            }

            return 0;
        }

        int version = Convert.ToInt32(connection.Scalar(Sql.SelectSchemaVersion), CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new UnusableDatabaseException(path, UnusableDatabaseReason.NewerSchema,
                $"its schema version is {version}, and this version of Workflows.Sqlite knows versions up to {CurrentVersion}. Upgrade the package; the file was not changed.");
        }

        return version;
    }

    internal static void TryRollback(SqliteConnection connection)
    {
        try
        {
            connection.Execute(Sql.Rollback);
        }
        catch (SqliteException)
        {
            // SQLite rolls some failed transactions back by itself; nothing is left to undo then.
        }
    }
}
