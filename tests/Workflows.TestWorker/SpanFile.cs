using System.Diagnostics;
using Workflows.Diagnostics;

namespace Workflows.TestWorker;

/// <summary>Writes every ended span of the Workflows source to a file, one line each, for multi-process trace tests.</summary>
internal static class SpanFile
{
    private static readonly Lock s_lock = new();
    private static ActivityListener? s_listener;

    public static void Start(string path)
    {
        s_listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowsTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                lock (s_lock)
                {
                    File.AppendAllText(path, $"{span.TraceId} {span.SpanId} {span.ParentSpanId} {span.DisplayName}\n");
                }
            },
        };
        ActivitySource.AddActivityListener(s_listener);
    }
}
