using Microsoft.Extensions.Logging;

namespace Workflows.Dashboard;

/// <summary>Dashboard log lines; event ids 5100-5199 (the hosting package has 5000-5099).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(5100, LogLevel.Information, "Dashboard action {Action} on workflow instance {InstanceId} by {User}")]
    public static partial void ActionRequested(ILogger logger, string action, string instanceId, string user);

    [LoggerMessage(5101, LogLevel.Warning, "Dashboard action {Action} on workflow instance {InstanceId} by {User} was refused: {Reason}")]
    public static partial void ActionRefused(ILogger logger, string action, string instanceId, string user, string reason);

    [LoggerMessage(5102, LogLevel.Warning, "Dashboard action {Action} by {User} was rejected: the antiforgery token is missing or invalid")]
    public static partial void AntiforgeryRejected(ILogger logger, string action, string user);
}
