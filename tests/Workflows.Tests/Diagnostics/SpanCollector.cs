using System.Collections.Concurrent;
using System.Diagnostics;
using Workflows.Diagnostics;

namespace Workflows.Tests.Diagnostics;

/// <summary>
/// Collects every ended span of the Workflows source and of the tests' own source. Listeners are process-wide and
/// tests run in parallel, so each test starts a root span of its own and looks only at its trace.
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    public const string TestSourceName = "Workflows.Tests.Diagnostics";

    // Matched by name: a listener asked about this source while the field is being initialised would see null.
    public static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _ended = new();

    public SpanCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is WorkflowsTelemetry.SourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ended.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => _ended.Where(a => a.TraceId == traceId).ToList();

    public void Dispose() => _listener.Dispose();
}
