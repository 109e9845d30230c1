using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Tests.Infrastructure;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

public sealed class WorkerLeaseAndStopTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LostActivityLease_TokenFiresAndResultDropped_TakeoverResultWins()
    {
        var backendClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var workerClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new BackendOptions { TimeProvider = backendClock, ActivityLockTimeout = TimeSpan.FromMinutes(3) };
        await using var backend = new InMemoryBackend(options);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<string>("Slow", null))
            .AddActivity("Slow", async (CancellationToken ct) =>
            {
                started.TrySetResult();
                await using (ct.Register(() => tokenFired.TrySetResult()))
                {
                    await tokenFired.Task;
                }

                return "stale";
            });
        // One activity slot: while the first attempt runs, this worker cannot claim the lapsed activity itself,
        // so the takeover below is always the test's.
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
        {
            TimeProvider = workerClock,
            PollInterval = TimeSpan.FromMilliseconds(20),
            ActivityPollers = 1,
            MaxParallelActivityTasks = 1,
        });
        await worker.StartAsync();
        // The backend's and the worker's clocks are moved by hand; the client waits on the real one.
        var client = new WorkflowClient(backend, new WorkflowClientOptions { TimeProvider = TimeProvider.System });
        var handle = await client.StartWorkflowAsync<string>("W", new WorkflowOptions { InstanceId = "lease" }, []);
        await started.Task.WaitAsync(s_timeout);
        try
        {
            await TakeOverAndCheckAsync(backend, backendClock, workerClock, tokenFired, handle);
        }
        finally
        {
            tokenFired.TrySetResult(); // lets the stale attempt end even if an assertion failed, so the worker can stop
        }
    }

    private static async Task TakeOverAndCheckAsync(InMemoryBackend backend, FakeTimeProvider backendClock, FakeTimeProvider workerClock, TaskCompletionSource tokenFired, WorkflowHandle<string> handle)
    {
        // The lease lapses by the backend's clock and another worker takes the activity over.
        backendClock.Advance(TimeSpan.FromMinutes(4));
        var takeover = await backend.GetActivityTaskAsync(["default"]);
        Assert.NotNull(takeover);

        // The first worker's next renewal finds the lease gone: the activity's token fires.
        workerClock.Advance(TimeSpan.FromMinutes(1));
        await tokenFired.Task.WaitAsync(s_timeout);

        await backend.CompleteActivityTaskAsync(takeover, HistoryEvent.Create(backendClock.GetUtcNow(), new ActivityCompletedAttributes("\"fresh\""), takeover.ScheduledEvent.ScheduleEventId));
        Assert.Equal("fresh", await handle.GetResultAsync(s_timeout));
        var history = await handle.GetHistoryAsync();
        Assert.Single(history, e => e.Type == EventType.ActivityCompleted);
    }

    // A workflow of one activity that returns 5 once released.
    private static (WorkflowRegistry Registry, TaskCompletionSource Started, TaskCompletionSource Release) SlowActivityWorkflow()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Slow", null))
            .AddActivity("Slow", async () =>
            {
                started.TrySetResult();
                await release.Task;
                return 5;
            });
        return (registry, started, release);
    }

    [Fact]
    public async Task StopAsync_InFlightActivity_WaitsForItToFinishAndCommit()
    {
        await using var backend = new InMemoryBackend();
        var (registry, started, release) = SlowActivityWorkflow();
        var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var handle = await client.StartWorkflowAsync<int>("W", new WorkflowOptions { InstanceId = "stop" }, []);
        await started.Task.WaitAsync(s_timeout);

        var stopping = worker.StopAsync();
        await Task.Delay(50);
        Assert.False(stopping.IsCompleted, "stop returned while an activity was still running");
        release.SetResult();
        await stopping.WaitAsync(s_timeout);

        // The result was committed before the worker stopped; a new worker finishes the workflow.
        await using var second = new WorkflowWorker(backend, registry);
        await second.StartAsync();
        Assert.Equal(5, await handle.GetResultAsync(s_timeout));
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_CalledAgainAndDisposedWhileStopping_BothWaitForTheFirstStop()
    {
        await using var backend = new InMemoryBackend();
        var (registry, started, release) = SlowActivityWorkflow();
        var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>("W", new WorkflowOptions { InstanceId = "twice" }, []);
        await started.Task.WaitAsync(s_timeout);

        // A host stops its services and, from another path, disposes them: neither may return (and the disposal may
        // not free what the first stop still uses) while the activity runs.
        var stopping = worker.StopAsync();
        var again = worker.StopAsync();
        var disposing = worker.DisposeAsync().AsTask();
        Assert.False(again.IsCompleted, "a second stop returned while the first was still waiting for an activity");
        Assert.False(disposing.IsCompleted, "the worker was disposed while it was still stopping");

        release.SetResult();
        await Task.WhenAll(stopping, again, disposing).WaitAsync(s_timeout);

        await using var second = new WorkflowWorker(backend, registry);
        await second.StartAsync();
        Assert.Equal(5, await handle.GetResultAsync(s_timeout));
    }

    [Fact]
    public async Task StopAsync_CutShort_CancelsActivityAndReleasesItForAnotherWorker()
    {
        await using var backend = new InMemoryBackend();
        var attempts = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Slow", null))
            .AddActivity("Slow", async (CancellationToken ct) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }

                return attempts;
            });
        var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var handle = await client.StartWorkflowAsync<int>("W", new WorkflowOptions { InstanceId = "cut" }, []);
        await started.Task.WaitAsync(s_timeout);

        await worker.StopAsync(new CancellationToken(canceled: true)).WaitAsync(s_timeout);

        await using var second = new WorkflowWorker(backend, registry);
        await second.StartAsync();
        Assert.Equal(2, await handle.GetResultAsync(s_timeout));
        await worker.DisposeAsync();
    }

    [Fact]
    public async Task StopAsync_PollsFailWithTheDriversOwnReportOfTheCancellation_StopsWithoutAnError()
    {
        var logs = new ListLoggerFactory();
        await using var backend = new InterruptedWhenCancelledBackend();
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", (WorkflowContext ctx) => ctx.ExecuteActivityAsync<string>("A", null))
            .AddActivity("A", () => "a");
        var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { LoggerFactory = logs, WorkflowPollers = 1, ActivityPollers = 1, MaxParallelActivityTasks = 4 });
        await worker.StartAsync();
        await backend.BothPolling.WaitAsync(s_timeout);

        await worker.StopAsync().WaitAsync(s_timeout);

        // Stopping is not a failed poll: nothing at Error, and each poll's end is kept at Debug (event 1013).
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.Equal(2, logs.Lines.Count(l => l.StartsWith("Debug 1013 ", StringComparison.Ordinal)));
        Assert.Equal(4, worker.FreeActivitySlots);
        await worker.DisposeAsync();
    }

    /// <summary>
    /// A backend whose polls wait until cancelled and then fail the way MySqlConnector reports its own cancellation
    /// at times: as a server error, not as an <see cref="OperationCanceledException"/>.
    /// </summary>
    private sealed class InterruptedWhenCancelledBackend : DelegatingBackend
    {
        private readonly TaskCompletionSource _workflowPolling = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _activityPolling = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task BothPolling => Task.WhenAll(_workflowPolling.Task, _activityPolling.Task);

        public override async Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
        {
            _workflowPolling.TrySetResult();
            await InterruptedWhenCancelledAsync(cancellationToken);
            return null;
        }

        public override async Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
        {
            _activityPolling.TrySetResult();
            await InterruptedWhenCancelledAsync(cancellationToken);
            return null;
        }

        private static async Task InterruptedWhenCancelledAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException("Query execution was interrupted");
            }
        }
    }
}
