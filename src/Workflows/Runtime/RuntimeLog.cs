using Microsoft.Extensions.Logging;

namespace Workflows.Runtime;

/// <summary>Log messages of the workflow runtime; event ids 2000–2999 belong to it.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(2000, LogLevel.Warning, "Signal '{Signal}' sent to {Instance} could not be decoded as {Type} and was skipped: {Reason}")]
    public static partial void SignalNotDecoded(ILogger logger, string signal, WorkflowInstance instance, string type, string reason);
}
