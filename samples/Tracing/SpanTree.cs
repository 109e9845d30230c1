using System.Diagnostics;
using OpenTelemetry;

namespace TracingSample;

/// <summary>Keeps the spans that end, to print one trace as a tree (the demo mode); the console exporter prints each span in full.</summary>
public sealed class SpanTree : BaseProcessor<Activity>
{
    private readonly List<Activity> _spans = [];

    public override void OnEnd(Activity data)
    {
        lock (_spans)
        {
            _spans.Add(data);
        }
    }

    /// <summary>Writes the trace that <paramref name="root"/> names as an indented tree, children in start order.</summary>
    public void Write(TextWriter output, Func<Activity, bool> root)
    {
        List<Activity> spans;
        lock (_spans)
        {
            spans = [.. _spans];
        }

        var top = spans.FirstOrDefault(root);
        if (top is null)
        {
            output.WriteLine("(no trace recorded)");
            return;
        }

        output.WriteLine($"Trace {top.TraceId}:");
        var trace = spans.Where(s => s.TraceId == top.TraceId).ToList();
        WriteNode(output, top, trace, 1);
    }

    private static void WriteNode(TextWriter output, Activity span, List<Activity> trace, int depth)
    {
        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{new string(' ', depth * 2)}{span.DisplayName} [{span.Source.Name}, {span.Duration.TotalMilliseconds:0.0} ms]"));
        foreach (var child in trace.Where(s => s.ParentSpanId == span.SpanId).OrderBy(s => s.StartTimeUtc))
        {
            WriteNode(output, child, trace, depth + 1);
        }
    }
}
