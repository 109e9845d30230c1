using System.Diagnostics;

namespace Workflows;

public sealed partial class WorkflowContext
{
    /// <summary>
    /// The values the instance carries from its caller: the metadata given at start (with what the client's
    /// <see cref="Diagnostics.IWorkflowContextPropagator"/>s added, such as a tenant or a correlation id) and the trace
    /// context. Recorded with the instance, so every replay sees the same values.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers => _executor.Headers;

    /// <summary>
    /// Starts a custom span (from the <c>Workflows</c> activity source) as a child of the running workflow task's span,
    /// for a stretch of workflow code worth seeing in a trace. While the code replays recorded history it returns
    /// null, so a span is emitted once however often the code replays; dispose it (a null-safe <c>using</c>) to end it.
    /// </summary>
    /// <param name="name">The span's name.</param>
    /// <returns>The span, or null when replaying or when nobody listens to the source.</returns>
    public Activity? StartSpan(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _executor.AssertOnScheduler(nameof(StartSpan));
        return _executor.StartUserSpan(name);
    }
}
