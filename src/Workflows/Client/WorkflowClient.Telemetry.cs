using System.Diagnostics;
using Workflows.Backends;
using Workflows.Diagnostics;

namespace Workflows.Client;

public sealed partial class WorkflowClient
{
    /// <summary>A client-side span, the child of the caller's current span (an HTTP request, say).</summary>
    private static Activity? StartClientSpan(string operation, string name, string? instanceId)
    {
        var span = Telemetry.Source.StartActivity($"{operation} {name}", ActivityKind.Producer);
        if (span is not null && instanceId is not null)
        {
            span.SetTag("workflows.instance.id", instanceId);
        }

        return span;
    }

    /// <summary>
    /// The metadata stored with a new instance: what the options give, what the propagators add, and the trace
    /// context of the start span — or, when nobody listens to Workflows spans, of the caller's, so the trace still
    /// continues into the workflow.
    /// </summary>
    private WorkflowMetadata? CaptureMetadata(WorkflowOptions options, Activity? span)
    {
        var values = options.Metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal);
        foreach (var propagator in Options.ContextPropagators)
        {
            propagator.Inject(values);
        }

        var withTrace = Telemetry.WithTraceContext(values, span ?? Activity.Current);
        return withTrace is null && options.Metadata is null ? null : new WorkflowMetadata(withTrace ?? values);
    }
}
