using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Diagnostics;
using Workflows.Worker;

namespace Workflows.Tests.Diagnostics;

/// <summary>The meter's counts after a known workload, read through a <see cref="MeterListener"/>.</summary>
public sealed class MetricsTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Meter_KnownWorkload_ReportsItsCounts(bool cache)
    {
        // Names unique to this run: listeners see the measurements of every test in the process.
        string workflow = "Metered-" + Guid.NewGuid().ToString("N");
        string child = "MeteredChild-" + Guid.NewGuid().ToString("N");
        string activity = "MeteredStep-" + Guid.NewGuid().ToString("N");
        string flaky = "MeteredFlaky-" + Guid.NewGuid().ToString("N");
        int flakyCalls = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow(workflow, async (WorkflowContext ctx, bool fail) =>
            {
                await ctx.ExecuteActivityAsync<int>(activity, null);
                await ctx.ExecuteActivityAsync<int>(activity, null);
                if (fail)
                {
                    throw new InvalidOperationException("asked to fail");
                }

                await ctx.ExecuteSubWorkflowAsync<int>(child, null);
                return 1;
            })
            .AddWorkflow(child, async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>(flaky, new ActivityOptions { RetryPolicy = new RetryPolicy { MaxAttempts = 3, FirstInterval = TimeSpan.FromMilliseconds(1) } }))
            .AddActivity(activity, () => 1)
            .AddActivity(flaky, () => Interlocked.Increment(ref flakyCalls) % 2 == 1 ? throw new InvalidOperationException("first attempt fails") : 2);

        var measurements = new ConcurrentQueue<(string Instrument, string? Unit, double Value, string? Name)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == WorkflowsTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, i.Unit, v, NameTag(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, i.Unit, v, NameTag(tags))));
        listener.Start();

        await using var backend = new InMemoryBackend();
        await using (var worker = new WorkflowWorker(backend, registry, TracingTests.Options(cache)))
        {
            await worker.StartAsync();
            var client = new WorkflowClient(backend);
            var handles = new List<WorkflowHandle<int>>();
            foreach (bool fail in new[] { false, false, true })
            {
                handles.Add(await client.StartWorkflowAsync<int>(workflow, null, fail));
            }

            foreach (var handle in handles)
            {
                try
                {
                    await handle.GetResultAsync(s_timeout);
                }
                catch (WorkflowFailedException)
                {
                    // The third one is asked to fail.
                }
            }

            await WaitForCountAsync(() => Count(measurements, "workflows.workflow.completed", workflow) + Count(measurements, "workflows.workflow.failed", workflow) == 3);
        }

        Assert.Equal(3, Count(measurements, "workflows.workflow.started", workflow));
        Assert.Equal(2, Count(measurements, "workflows.workflow.started", child));
        Assert.Equal(2, Count(measurements, "workflows.workflow.completed", workflow));
        Assert.Equal(1, Count(measurements, "workflows.workflow.failed", workflow));
        Assert.Equal(2, Count(measurements, "workflows.workflow.completed", child));
        Assert.Equal(6, measurements.Count(m => m.Instrument == "workflows.activity.duration" && m.Name == activity));
        Assert.All(measurements.Where(m => m.Instrument == "workflows.activity.duration"), m => Assert.Equal("s", m.Unit));
        Assert.Equal(4, measurements.Count(m => m.Instrument == "workflows.activity.duration" && m.Name == flaky));
        Assert.Equal(2, Count(measurements, "workflows.activity.failures", flaky));
        Assert.Equal(2, Count(measurements, "workflows.activity.retries", flaky));
        Assert.Equal(0, Count(measurements, "workflows.activity.failures", activity));
        Assert.Equal(6, measurements.Count(m => m.Instrument == "workflows.activity.schedule_to_start" && m.Name == activity));
        Assert.True(measurements.Count(m => m.Instrument == "workflows.workflow_task.duration" && m.Name == workflow) >= 3 * 3);
    }

    private static string? NameTag(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key is "workflows.workflow.name" or "workflows.activity.name")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static long Count(IEnumerable<(string Instrument, string? Unit, double Value, string? Name)> measurements, string instrument, string name)
        => (long)measurements.Where(m => m.Instrument == instrument && m.Name == name).Sum(m => m.Value);

    private static async Task WaitForCountAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
