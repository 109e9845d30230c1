using Microsoft.Extensions.Logging;

namespace Workflows.Dashboard;

/// <summary>Dashboard log lines; event ids 5000-5099.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(5000, LogLevel.Information, "Dashboard action {Action} on workflow instance {InstanceId} by {User}")]
    public static partial void ActionRequested(ILogger logger, string action, string instanceId, string user);

    [LoggerMessage(5001, LogLevel.Warning, "Dashboard action {Action} on workflow instance {InstanceId} by {User} was refused: {Reason}")]
    public static partial void ActionRefused(ILogger logger, string action, string instanceId, string user, string reason);

    [LoggerMessage(5002, LogLevel.Warning, "Dashboard action {Action} by {User} was rejected: the antiforgery token is missing or invalid")]
    public static partial void AntiforgeryRejected(ILogger logger, string action, string user);
}
