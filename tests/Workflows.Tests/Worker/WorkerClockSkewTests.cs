using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

public sealed class WorkerClockSkewTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(-10)]
    [InlineData(10)]
    public async Task Timer_WorkerClockSkewed_DueTimeFollowsBackendClock(int skewMinutes)
    {
        var backendClock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var claimTime = backendClock.GetUtcNow();
        await using var backend = new InMemoryBackend(new BackendOptions { TimeProvider = backendClock });
        var worker = new WorkflowWorker(backend, new WorkflowRegistry().AddWorkflow("Sleeper", SleeperAsync), new WorkflowWorkerOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(10),
            TimeProvider = new SkewedClock(backendClock, TimeSpan.FromMinutes(skewMinutes)),
        });
        await worker.StartAsync();
        var handle = await new WorkflowClient(backend, new WorkflowClientOptions { TimeProvider = TimeProvider.System }).StartWorkflowAsync<long>("Sleeper", new WorkflowOptions { InstanceId = "sleeper" }, 1);

        var history = await WaitForHistoryAsync(backend, EventType.TimerScheduled);
        Assert.Equal(claimTime, history.First(e => e.Type == EventType.WorkflowTaskStarted).Timestamp);
        Assert.Equal(claimTime + TimeSpan.FromSeconds(1), ((TimerScheduledAttributes)history.Single(e => e.Type == EventType.TimerScheduled).Attributes).FireAt);

        // Not due a moment before its second has passed on the backend's clock, whatever the worker's says.
        backendClock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((claimTime + TimeSpan.FromSeconds(1)).UtcTicks, await handle.GetResultAsync().WaitAsync(s_timeout));
        await worker.DisposeAsync();
    }

    private static async Task<long> SleeperAsync(WorkflowContext ctx, int seconds)
    {
        await ctx.DelayAsync(TimeSpan.FromSeconds(seconds));
        return ctx.Now.UtcTicks;
    }

    private static async Task<IReadOnlyList<HistoryEvent>> WaitForHistoryAsync(InMemoryBackend backend, EventType type)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (true)
        {
            var history = await backend.GetWorkflowInstanceHistoryAsync(new WorkflowInstance("sleeper", (await backend.GetWorkflowInstanceStateAsync("sleeper")).Instance.ExecutionId));
            if (history.Any(e => e.Type == type))
            {
                return history;
            }

            Assert.False(timeout.IsCancellationRequested, $"no {type} in the history");
            await Task.Delay(10);
        }
    }

    // A worker clock off by a fixed amount from the backend's; its timers are the system's, so the worker polls.
    private sealed class SkewedClock(TimeProvider reference, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => reference.GetUtcNow() + offset;
    }
}
