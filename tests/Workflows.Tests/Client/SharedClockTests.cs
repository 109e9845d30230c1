using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Tests.Client;

/// <summary>The backend's clock is the client's and the worker's unless their options name another.</summary>
public sealed class SharedClockTests
{
    private static readonly DateTimeOffset s_start = new(2031, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task ClientAndWorker_NoClockOfTheirOwn_UseTheBackendClock()
    {
        var clock = new FakeTimeProvider(s_start);
        await using var backend = new InMemoryBackend(new BackendOptions { TimeProvider = clock });
        var registry = new WorkflowRegistry().AddWorkflow("Now", (WorkflowContext ctx) => Task.FromResult(ctx.Now));
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);

        var handle = await client.StartWorkflowAsync<DateTimeOffset>("Now", new WorkflowOptions { InstanceId = "clock-1" });
        var result = await WaitForResultAsync(client, "clock-1");
        var history = await client.GetHistoryAsync("clock-1");

        Assert.Null(client.Options.TimeProvider);
        Assert.Null(worker.Options.TimeProvider);
        Assert.Equal(s_start, history[0].Timestamp);
        Assert.Equal(s_start, result);
        Assert.Equal("clock-1", handle.InstanceId);
    }

    // The client's wait runs on the fake clock too, so poll for the state instead of waiting with a timeout.
    private static async Task<DateTimeOffset> WaitForResultAsync(WorkflowClient client, string instanceId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var state = await client.GetStateAsync(instanceId, deadline.Token);
            if (state.Status == WorkflowStatus.Completed)
            {
                return (DateTimeOffset)client.Options.PayloadConverter.Deserialize(state.Result, typeof(DateTimeOffset))!;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }
}
