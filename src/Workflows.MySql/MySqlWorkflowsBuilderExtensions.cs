using Workflows.MySql;

namespace Workflows.Hosting;

/// <summary>Chooses the MySQL/MariaDB backend in <c>AddWorkflows</c>.</summary>
public static class MySqlWorkflowsBuilderExtensions
{
    /// <summary>
    /// Uses the MySQL/MariaDB backend, registered under the name <c>MySql</c>: the server at <paramref name="connectionString"/>,
    /// or, when null, at <c>Workflows:ConnectionString</c>. The connection string is a secret: it is never logged.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="connectionString">The connection string; null reads it from configuration.</param>
    /// <param name="configure">Adjusts the backend's options; lease lengths and the clock come from the host.</param>
    public static WorkflowsBuilder UseMySql(this WorkflowsBuilder builder, string? connectionString = null, Func<MySqlBackendOptions, MySqlBackendOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBackend("MySql", context =>
        {
            string resolved = connectionString ?? context.ConnectionString
                ?? throw new InvalidOperationException("UseMySql needs a connection string: pass one or set Workflows:ConnectionString.");
            var options = new MySqlBackendOptions { Backend = context.BackendOptions };
            return MySqlBackend.Open(resolved, configure is null ? options : configure(options));
        });
    }
}
