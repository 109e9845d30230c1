using Workflows.Postgres;

namespace Workflows.Hosting;

/// <summary>Chooses the PostgreSQL backend in <c>AddWorkflows</c>.</summary>
public static class PostgresWorkflowsBuilderExtensions
{
    /// <summary>
    /// Uses the PostgreSQL backend, registered under the name <c>Postgres</c>: the server at <paramref name="connectionString"/>,
    /// or, when null, at <c>Workflows:ConnectionString</c>. The connection string is a secret: it is never logged.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string; null reads it from configuration.</param>
    /// <param name="configure">Adjusts the backend's options; lease lengths and the clock come from the host.</param>
    public static WorkflowsBuilder UsePostgres(this WorkflowsBuilder builder, string? connectionString = null, Func<PostgresBackendOptions, PostgresBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend("Postgres", context =>
        {
            string resolved = connectionString ?? context.ConnectionString
                ?? throw new InvalidOperationException("UsePostgres needs a connection string: pass one or set Workflows:ConnectionString.");
            var options = new PostgresBackendOptions { Backend = context.BackendOptions };
            return PostgresBackend.Open(resolved, configure is null ? options : configure(options));
        });
    }
}
