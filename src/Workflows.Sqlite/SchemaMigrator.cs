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

    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Text)>> s_scripts = new(LoadScripts);

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

    private static List<(int Version, string Name, string Text)> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            string name = resource[ResourcePrefix.Length..];
            int version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (int i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Item1 != i + 1)
            {
                throw new InvalidOperationException($"Schema scripts must be numbered 1..N without gaps; found {scripts[i].Item2} at position {i + 1}.");
            }
        }

        return scripts;
    }
}
