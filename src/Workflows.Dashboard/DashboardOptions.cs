namespace Workflows.Dashboard;

/// <summary>Settings of the dashboard mapped by <see cref="DashboardEndpointRouteBuilderExtensions.MapWorkflowsDashboard"/>.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// Whether the actions (cancel, terminate, signal, resume, remove) are mapped and shown. Off by default: the
    /// dashboard is read-only until an application turns them on, and then it should also require authorization
    /// on the returned endpoint builder. Actions need antiforgery services (<c>services.AddAntiforgery()</c>).
    /// </summary>
    public bool EnableActions { get; set; }

    /// <summary>Instances per list page (1 to 500). Default 50.</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>History events per page of the instance page (1 to 5000). Default 200.</summary>
    public int HistoryPageSize { get; set; } = 200;

    /// <summary>The title shown in the page header. Default "Workflows".</summary>
    public string Title { get; set; } = "Workflows";
}
