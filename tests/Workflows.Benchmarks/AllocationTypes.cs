using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Workflows.Benchmarks;

/// <summary>
/// <c>--alloc-types</c>: which types the measured run allocates, from the runtime's allocation samples (an event about
/// every 100 KB allocated, naming the type of the object that crossed the mark), listened to in this process. The
/// listener costs CPU of its own, so a run with it is for the types, not for the timings.
/// </summary>
internal sealed class AllocationTypes : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>The <paramref name="top"/> types by sampled bytes, each as its share of the sampled total.</summary>
    public IEnumerable<string> Report(int top)
    {
        long total = _bytes.Values.Sum();
        yield return string.Create(CultureInfo.InvariantCulture, $"allocation samples: {total / 1048576.0:N0} MiB sampled; top types by share");
        foreach (var (type, bytes) in _bytes.OrderByDescending(kv => kv.Value).Take(top))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{bytes * 100.0 / Math.Max(1, total),6:N1} %  {type}");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        int type = names.IndexOf("TypeName");
        int amount = names.IndexOf("AllocationAmount64");
        long bytes = amount >= 0 ? Convert.ToInt64(payload[amount], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type >= 0 ? payload[type] as string ?? "?" : "?", bytes, (_, sum) => sum + bytes);
    }
}
