using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Diagnostics;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Diagnostics;

/// <summary>
/// The worker's backlog gauges, executor-cache evictions and commit sizes after a known workload. Names and queues
/// are unique to each run: listeners see the measurements of every test in the process.
/// </summary>
public sealed class WorkerMetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PendingGauges_Backlog_ReportCountsPerQueueFromACachedRead()
    {
        string polled = "polled-" + Guid.NewGuid().ToString("N");
        string idle = "idle-" + Guid.NewGuid().ToString("N");
        string activities = "acts-" + Guid.NewGuid().ToString("N");
        string workflow = "Backlogged-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(workflow, async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("never-run", new ActivityOptions { Queue = activities }));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
        {
            Queues = [polled],
            PollInterval = TimeSpan.FromMilliseconds(20),
            BacklogMetricsInterval = TimeSpan.FromMinutes(1),
            TimeProvider = clock,
        });
        await worker.StartAsync();

        // One instance runs on the polled queue and leaves an activity on a queue nobody polls; three wait on a
        // queue nobody polls.
        await client.StartWorkflowAsync(workflow, new WorkflowOptions { Queue = polled });
        for (int i = 0; i < 3; i++)
        {
            await client.StartWorkflowAsync(workflow, new WorkflowOptions { Queue = idle });
        }

        await WaitUntilAsync(async () => (await backend.GetStatsAsync()).PendingActivityTasks.GetValueOrDefault(activities) == 1);

        var gauges = new ConcurrentDictionary<(string Instrument, string Queue), long>();
        using var listener = GaugeListener(gauges);
        await WaitUntilAsync(() => Scrape(listener, gauges, "workflows.workflow_task.pending", idle) == 3
                                   && Scrape(listener, gauges, "workflows.activity_task.pending", activities) == 1);
        Assert.Equal(0, gauges[("workflows.workflow_task.pending", polled)]);
        Assert.Equal(0, gauges[("workflows.activity_task.pending", polled)]);

        // Within the interval, scrapes read the cached counts: the two new starts do not show.
        await client.StartWorkflowAsync(workflow, new WorkflowOptions { Queue = idle });
        await client.StartWorkflowAsync(workflow, new WorkflowOptions { Queue = idle });
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(3, Scrape(listener, gauges, "workflows.workflow_task.pending", idle));
            await Task.Delay(5);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await WaitUntilAsync(() => Scrape(listener, gauges, "workflows.workflow_task.pending", idle) == 5);
    }

    [Fact]
    public async Task PendingGauges_WorkerStopped_ReportNothingForItsBackend()
    {
        string queue = "stopped-" + Guid.NewGuid().ToString("N");
        await using var backend = new InMemoryBackend();
        await new WorkflowClient(backend).StartWorkflowAsync("Unknown", new WorkflowOptions { Queue = queue });
        var gauges = new ConcurrentDictionary<(string Instrument, string Queue), long>();
        using var listener = GaugeListener(gauges);
        var worker = new WorkflowWorker(backend, new WorkflowRegistry(), new WorkflowWorkerOptions { Queues = ["other-" + queue] });
        await worker.StartAsync();
        await WaitUntilAsync(() => Scrape(listener, gauges, "workflows.workflow_task.pending", queue) == 1);

        await worker.DisposeAsync();
        gauges.Clear();
        listener.RecordObservableInstruments();

        Assert.False(gauges.ContainsKey(("workflows.workflow_task.pending", queue)));
    }

    [Fact]
    public async Task ExecutorCacheEvictions_CapacityAndIdle_CountedByReason()
    {
        string workflow = "Evicted-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(workflow, async (WorkflowContext ctx) => await ctx.Signals<int>("go").ReceiveAsync());
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var evictions = new ConcurrentQueue<(string Reason, long Value)>();
        using var listener = Listener("workflows.executor_cache.evictions", (value, tags) =>
        {
            if (Tag(tags, "workflows.workflow.name") == workflow)
            {
                evictions.Enqueue((Tag(tags, "workflows.eviction.reason")!, value));
            }
        });
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
        {
            ExecutorCacheSize = 1,
            ExecutorCacheIdleTime = TimeSpan.FromMinutes(5),
            PollInterval = TimeSpan.FromMilliseconds(20),
            TimeProvider = clock,
        });
        await worker.StartAsync();

        // Each waits for its signal with its executor cached; the second one's takes the only place.
        var first = await client.StartWorkflowAsync<int>(workflow, null);
        await WaitUntilAsync(async () => (await first.GetHistoryAsync()).Count > 0);
        var second = await client.StartWorkflowAsync<int>(workflow, null);
        await WaitUntilAsync(() => evictions.Any(e => e.Reason == "capacity"));

        // The one still cached sat idle too long by the time its signal comes.
        clock.Advance(TimeSpan.FromMinutes(6));
        await first.SignalAsync("go", 1);
        await second.SignalAsync("go", 2);
        Assert.Equal(1, await first.GetResultAsync(s_timeout));
        Assert.Equal(2, await second.GetResultAsync(s_timeout));

        Assert.Equal(1, evictions.Where(e => e.Reason == "capacity").Sum(e => e.Value));
        Assert.Equal(1, evictions.Where(e => e.Reason == "idle").Sum(e => e.Value));
        Assert.Equal(2, evictions.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CommitEvents_CompletedWorkflow_SumToItsHistory(bool cache)
    {
        string workflow = "Committed-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(workflow, async (WorkflowContext ctx) =>
            {
                int a = await ctx.ExecuteActivityAsync<int>("one", null);
                int b = await ctx.ExecuteActivityAsync<int>("one", null);
                await ctx.DelayAsync(TimeSpan.FromMilliseconds(1));
                return a + b;
            })
            .AddActivity("one", () => 1);
        var sizes = new ConcurrentQueue<long>();
        using var listener = Listener("workflows.backend.commit.events", (value, tags) =>
        {
            if (Tag(tags, "workflows.workflow.name") == workflow)
            {
                sizes.Enqueue(value);
            }
        });
        await using var backend = new InMemoryBackend();
        await using var worker = new WorkflowWorker(backend, registry, TracingTests.Options(cache));
        await worker.StartAsync();

        var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>(workflow, null);
        Assert.Equal(2, await handle.GetResultAsync(s_timeout));

        var history = await handle.GetHistoryAsync();
        Assert.Equal(history.Count(e => e.Type == EventType.WorkflowTaskStarted), sizes.Count);
        Assert.Equal(history.Count, sizes.Sum());
    }

    private static MeterListener GaugeListener(ConcurrentDictionary<(string Instrument, string Queue), long> gauges)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == WorkflowsTelemetry.MeterName && instrument.Name.EndsWith(".pending", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => gauges[(i.Name, Tag(tags, "workflows.queue")!)] = v);
        listener.Start();
        return listener;
    }

    private static MeterListener Listener(string name, Action<long, KeyValuePair<string, object?>[]> onMeasurement)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == WorkflowsTelemetry.MeterName && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) => onMeasurement(v, tags.ToArray()));
        listener.Start();
        return listener;
    }

    private static long? Scrape(MeterListener listener, ConcurrentDictionary<(string Instrument, string Queue), long> gauges, string instrument, string queue)
    {
        listener.RecordObservableInstruments();
        return gauges.TryGetValue((instrument, queue), out long value) ? value : null;
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
