using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Backends;
using Workflows.Client;

namespace Workflows.Dashboard;

/// <summary>Maps the Workflows dashboard (pages and JSON API) onto an ASP.NET Core application.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard under <paramref name="prefix"/>: the pages (instance list, instance, stats), the JSON API
    /// under <c>{prefix}/api</c> and, when <see cref="DashboardOptions.EnableActions"/> is set, the actions. It reads
    /// through the <see cref="IBackend"/> and <see cref="WorkflowClient"/> registered in the container.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The path prefix, e.g. <c>/workflows</c>.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The endpoints' convention builder, so <c>.RequireAuthorization(...)</c> applies to all of them.</returns>
    /// <exception cref="InvalidOperationException">The backend or client is not registered, or actions are enabled without antiforgery services.</exception>
    public static IEndpointConventionBuilder MapWorkflowsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/workflows", Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new DashboardOptions();
        configure?.Invoke(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1, nameof(DashboardOptions.PageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PageSize, 500, nameof(DashboardOptions.PageSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryPageSize, 1, nameof(DashboardOptions.HistoryPageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.HistoryPageSize, 5000, nameof(DashboardOptions.HistoryPageSize));

        var services = endpoints.ServiceProvider;
        _ = services.GetService<IBackend>() ?? throw new InvalidOperationException($"The Workflows dashboard needs an {nameof(IBackend)} registered in the container.");
        _ = services.GetService<WorkflowClient>() ?? throw new InvalidOperationException($"The Workflows dashboard needs a {nameof(WorkflowClient)} registered in the container.");
        if (options.EnableActions && services.GetService<IAntiforgery>() is null)
        {
            throw new InvalidOperationException("Workflows dashboard actions are protected by antiforgery tokens: call services.AddAntiforgery().");
        }

        string root = prefix.TrimEnd('/');
        var group = endpoints.MapGroup(root);
        var dashboard = new Dashboard(options, root);
        dashboard.Map(group);
        return group;
    }
}
