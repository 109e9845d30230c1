using System.Data.Common;
using System.Globalization;

// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs: the scripts, the version check that
// refuses a foreign or newer schema, and running statements. Each backend's SchemaMigrator.cs holds MigrateAsync,
// whose lock (GET_LOCK, an advisory lock) and schema creation differ, and names its package and script resources.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;
#else
namespace Workflows.Postgres;
#endif

internal static partial class SchemaMigrator
{
    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Text)>> s_scripts = new(() => SchemaScripts.Load(typeof(SchemaMigrator).Assembly, PackageName + ".Scripts."));

    /// <summary>The schema version this code writes: the number of the last script.</summary>
    public static int CurrentVersion => s_scripts.Value[^1].Version;

    /// <summary>
    /// The version the journal records. A schema without a journal is version 0 when it is empty; under the lock, one
    /// that holds other tables is refused (without the lock it may be another process's half-made migration). A
    /// version newer than this code is refused either way.
    /// </summary>
    private static async Task<int> ReadVersionAsync(DbConnection connection, string schema, bool underLock, CancellationToken cancellationToken)
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
                    $"The schema '{schema}' holds {tables} table(s) but no 'workflows_schema_journal' table, so it belongs to something else. Use a separate schema for Workflows.");
            }

            return 0;
        }

        int current = Convert.ToInt32(await ScalarAsync(connection, Sql.SelectSchemaVersion, cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (current > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The schema '{schema}' is at version {current}, and this version of {PackageName} knows versions up to {CurrentVersion}. Upgrade the package; nothing was changed.");
        }

        return current;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
