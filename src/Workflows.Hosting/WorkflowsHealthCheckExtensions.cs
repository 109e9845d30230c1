using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workflows.Hosting;

/// <summary>Adds the Workflows health checks.</summary>
public static class WorkflowsHealthCheckExtensions
{
    /// <summary>The name of the backend check.</summary>
    public const string BackendCheckName = "workflows-backend";

    /// <summary>The name of the workers check.</summary>
    public const string WorkersCheckName = "workflows-workers";

    /// <summary>
    /// Adds two checks: <c>workflows-backend</c> (the backend answers a read of its tables, so it is reachable and its
    /// schema is one this code can use) and <c>workflows-workers</c> (every hosted worker is running and polling; one
    /// that has not polled for its <see cref="WorkflowWorkerSettings.StaleAfter"/> while it has free slots is degraded).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="tags">Tags for both checks (for filtering readiness and liveness endpoints).</param>
    public static IHealthChecksBuilder AddWorkflowsChecks(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCheck<BackendHealthCheck>(BackendCheckName, HealthStatus.Unhealthy, tags);
        builder.AddCheck<WorkersHealthCheck>(WorkersCheckName, HealthStatus.Unhealthy, tags);
        return builder;
    }
}
