using System.Diagnostics.Metrics;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Tests.Infrastructure;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

public sealed class UndecodableSignalTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Signal_ValueOfTheWrongType_IsSkippedLoggedAndCountedAndTheInstanceGoesOn()
    {
        await using var backend = new InMemoryBackend();
        using var logs = new ListLoggerFactory();
        long skipped = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Workflows" && instrument.Name == "workflows.signal.undecodable")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Other tests run in this process at the same time: count only this test's workflow.
            foreach (var tag in tags)
            {
                if (tag is { Key: "workflows.workflow.name", Value: "UndecodableSignal" })
                {
                    Interlocked.Add(ref skipped, value);
                }
            }
        });
        listener.Start();
        var registry = new WorkflowRegistry()
            .AddWorkflow("UndecodableSignal", async (WorkflowContext ctx) => await ctx.Signals<int>("amount").ReceiveAsync() + 1);
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(20),
            LoggerFactory = logs,
            EnableExecutorCache = false, // every task replays the skipped signal: it must be skipped the same way, and logged once
        });
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var handle = await client.StartWorkflowAsync<int>("UndecodableSignal", new WorkflowOptions { InstanceId = "typed" }, []);

        // Any client may send anything under any name; the typed stub would not let this through, a raw call does.
        await client.SignalWorkflowAsync("typed", "amount", "not a number");
        await client.SignalWorkflowAsync("typed", "amount", 41);

        Assert.Equal(42, await handle.GetResultAsync(s_timeout));
        var line = Assert.Single(logs.Lines, l => l.Contains("could not be decoded", StringComparison.Ordinal));
        Assert.Contains("Signal 'amount'", line, StringComparison.Ordinal);
        Assert.Contains("typed", line, StringComparison.Ordinal);

        // Counted once too, though every task replayed the skipped signal.
        Assert.Equal(1, Interlocked.Read(ref skipped));
    }
}
