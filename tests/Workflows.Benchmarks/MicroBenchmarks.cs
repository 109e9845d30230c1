using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Backends;
using Workflows.History;
using Workflows.Runtime;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Benchmarks;

/// <summary>
/// Micro-benchmarks of the replay path: one workflow task per event kind on a cached executor, a full replay
/// of the same history, and payload encode/decode.
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly WorkflowInstance _instance = new("bench", "e");
    private WorkflowRegistry _registry = null!;
    private List<HistoryEvent> _history = null!;
    private Order _order = null!;
    private string _orderJson = null!;

    /// <summary>A typical payload.</summary>
    public sealed record Order(string Id, string Customer, decimal Amount, IReadOnlyList<string> Lines, DateTimeOffset Placed);

    [GlobalSetup]
    public void Setup()
    {
        _registry = new WorkflowRegistry()
            .AddWorkflow("Loop", async (WorkflowContext ctx, int n) =>
            {
                int value = 0;
                for (int i = 0; i < n; i++)
                {
                    value = await ctx.ExecuteActivityAsync<int>("Step", null, value);
                    await ctx.DelayAsync(TimeSpan.FromSeconds(1));
                    value += await ctx.SideEffectAsync(() => 1);
                }

                return value;
            });
        _history = BuildHistory(100);
        _order = new Order("o-1", "ACME", 1234.5m, ["a", "b", "c"], s_t0);
        _orderJson = JsonPayloadConverter.Default.Serialize(_order, typeof(Order))!;
    }

    // Records the history of Loop(n) by running it on an executor and feeding completions by hand.
    private List<HistoryEvent> BuildHistory(int n)
    {
        var executor = NewExecutor();
        var history = new List<HistoryEvent>();
        var next = new List<HistoryEvent> { HistoryEvent.Create(s_t0, new ExecutionStartedAttributes("Loop", "default", [n.ToString(System.Globalization.CultureInfo.InvariantCulture)])) };
        while (next.Count > 0)
        {
            var completion = executor.Execute(new WorkflowTask(_instance, "t", "Loop", "default", history.Count, next), []);
            history.AddRange(completion.ExecutedEvents);
            next = [.. completion.Activities.Select(a => HistoryEvent.Create(s_t0, new ActivityCompletedAttributes("1"), a.ScheduleEventId)),
                    .. completion.Timers.Select(t => t with { Id = Guid.NewGuid().ToString("N"), VisibleAt = null })];
        }

        return history;
    }

    private WorkflowExecutor NewExecutor() => new(_instance, _registry, JsonPayloadConverter.Default, NullLogger.Instance, TimeProvider.System);

    /// <summary>Cold replay of a 100-iteration history (about 900 events): the cost of a cache miss.</summary>
    [Benchmark]
    public void FullReplay() => NewExecutor().ReplayOnly(_history);

    /// <summary>One task on a cached executor per event kind: an activity result, then the timer, which also runs the side effect.</summary>
    [Benchmark]
    public void CachedTask_ActivityCompletedThenTimerFired()
    {
        var executor = NewExecutor();
        var prefix = _history.TakeWhile(e => e.Type != EventType.ActivityCompleted).ToList();
        executor.ReplayOnly(prefix);
        var activity = executor.Execute(new WorkflowTask(_instance, "t", "Loop", "default", prefix.Count, [HistoryEvent.Create(s_t0, new ActivityCompletedAttributes("1"), 1)]), []);
        var timer = activity.Timers[0];
        executor.Execute(new WorkflowTask(_instance, "t", "Loop", "default", executor.LastSequenceId, [timer with { VisibleAt = null }]), []);
    }

    /// <summary>Encode a typical payload.</summary>
    [Benchmark]
    public string? EncodePayload() => JsonPayloadConverter.Default.Serialize(_order, typeof(Order));

    /// <summary>Decode a typical payload.</summary>
    [Benchmark]
    public object? DecodePayload() => JsonPayloadConverter.Default.Deserialize(_orderJson, typeof(Order));

    /// <summary>Round-trip one history event through its stored JSON form.</summary>
    [Benchmark]
    public HistoryEvent HistoryEventRoundTrip() => HistorySerializer.Deserialize(HistorySerializer.Serialize(_history[5]));
}
