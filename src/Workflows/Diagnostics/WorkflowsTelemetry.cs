using System.Reflection;

namespace Workflows.Diagnostics;

/// <summary>
/// Names of the tracing source and the meter that Workflows reports through (System.Diagnostics, no OpenTelemetry
/// dependency), and of the trace-context keys it stores with instances and activities. Subscribe with
/// <c>AddSource(WorkflowsTelemetry.SourceName)</c> and <c>AddMeter(WorkflowsTelemetry.MeterName)</c>.
/// </summary>
public static class WorkflowsTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> every Workflows span comes from.</summary>
    public const string SourceName = "Workflows";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> every Workflows instrument belongs to.</summary>
    public const string MeterName = "Workflows";

    /// <summary>The W3C <c>traceparent</c> key in an instance's metadata and an activity's headers.</summary>
    public const string TraceParentKey = "traceparent";

    /// <summary>The W3C <c>tracestate</c> key in an instance's metadata and an activity's headers.</summary>
    public const string TraceStateKey = "tracestate";

    /// <summary>The W3C <c>baggage</c> key in an instance's metadata and an activity's headers.</summary>
    public const string BaggageKey = "baggage";

    /// <summary>The version the source and the meter report: the package version.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        string? version = typeof(WorkflowsTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (version is null)
        {
            return typeof(WorkflowsTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        }

        // Deterministic builds append "+<commit>"; the package version is what users match on.
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
