using Microsoft.Data.Sqlite;
using Workflows.Sqlite;

namespace Workflows.Hosting;

/// <summary>Chooses the SQLite backend in <c>AddWorkflows</c>.</summary>
public static class SqliteWorkflowsBuilderExtensions
{
    /// <summary>
    /// Uses the SQLite backend, registered under the name <c>Sqlite</c>: the database file at <paramref name="path"/>,
    /// or, when null, at <c>Workflows:ConnectionString</c> (a path or a <c>Data Source=...</c> connection string).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The database file; created with its schema on first use.</param>
    /// <param name="configure">Adjusts the SQLite options (durability, busy timeout); lease lengths and the clock come from the host.</param>
    public static WorkflowsBuilder UseSqlite(this WorkflowsBuilder builder, string? path = null, Func<SqliteBackendOptions, SqliteBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend("Sqlite", context =>
        {
            string file = path ?? FileOf(context.ConnectionString)
                ?? throw new InvalidOperationException("UseSqlite needs a database file: pass a path or set Workflows:ConnectionString.");
            var options = new SqliteBackendOptions { Backend = context.BackendOptions };
            return SqliteBackend.Open(file, configure is null ? options : configure(options));
        });
    }

    private static string? FileOf(string? connectionString)
        => connectionString is null || !connectionString.Contains('=', StringComparison.Ordinal)
            ? connectionString
            : new SqliteConnectionStringBuilder(connectionString).DataSource;
}
