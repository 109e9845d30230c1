using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

/// <summary>Activities that block, never return, or throw exceptions that cannot be described or stored as they are.</summary>
public sealed class MisbehavingActivityTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartToCloseTimeout_SynchronousBodyThatNeverReturns_AttemptTimesOut()
    {
        var workerClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = new InMemoryBackend();
        using var never = new ManualResetEventSlim();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) =>
            {
                try
                {
                    return $"value {await ctx.ExecuteActivityAsync<int>("Stuck", new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(2) })}";
                }
                catch (ActivityFailedException ex) when (ex.IsTimeout)
                {
                    return "timed out";
                }
            })
            .AddActivity("Stuck", () =>
            {
                // A synchronous driver call that never comes back.
                started.TrySetResult();
                never.Wait();
                return 1;
            });
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { TimeProvider = workerClock, PollInterval = TimeSpan.FromMilliseconds(20) });
        await worker.StartAsync();
        var handle = await new WorkflowClient(backend).StartWorkflowAsync<string>("W", new WorkflowOptions { InstanceId = "stuck" }, []);
        await started.Task.WaitAsync(s_timeout);

        workerClock.Advance(TimeSpan.FromSeconds(3));
        try
        {
            Assert.Equal("timed out", await handle.GetResultAsync(s_timeout));
        }
        finally
        {
            never.Set(); // frees the thread so the worker can stop
        }
    }

    [Fact]
    public async Task Activity_ExceptionWhoseMessageThrows_AttemptFailsWithADescription()
    {
        await using var backend = new InMemoryBackend();
        int runs = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync<int>("Hostile", null);
                    return "completed";
                }
                catch (ActivityFailedException ex)
                {
                    return $"{ex.OriginalType}|{ex.Error.Message}";
                }
            })
            .AddActivity("Hostile", int () =>
            {
                Interlocked.Increment(ref runs);
                throw new UndescribableException();
            });
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        await worker.StartAsync();
        var handle = await new WorkflowClient(backend).StartWorkflowAsync<string>("W", new WorkflowOptions { InstanceId = "hostile" }, []);

        string result = await handle.GetResultAsync(s_timeout);

        Assert.Equal($"{typeof(UndescribableException).FullName}|<could not be read: {typeof(InvalidOperationException).FullName}>", result);
        Assert.Equal(1, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task Activity_FiveMegabyteExceptionMessage_IsStoredTruncatedWithAMarker()
    {
        await using var backend = new InMemoryBackend();
        string huge = new('m', 5 * 1024 * 1024);
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync<int>("Loud", null);
                    return 0;
                }
                catch (ActivityFailedException ex)
                {
                    return ex.Error.Message.Length;
                }
            })
            .AddActivity("Loud", int () => throw new InvalidOperationException(huge));
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        await worker.StartAsync();
        var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>("W", new WorkflowOptions { InstanceId = "loud" }, []);

        int seen = await handle.GetResultAsync(s_timeout);

        var failed = (ActivityFailedAttributes)(await handle.GetHistoryAsync()).Single(e => e.Type == EventType.ActivityFailed).Attributes;
        Assert.InRange(seen, 1, 20 * 1024);
        Assert.StartsWith("mmmm", failed.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"… [truncated: {huge.Length - (16 * 1024):N0} more characters]", failed.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromException_MessageAndStackTraceThrow_NeverThrows()
    {
        var error = WorkflowError.FromException(new UndescribableException(throwFromStackTrace: true));

        Assert.Equal(typeof(UndescribableException).FullName, error.Type);
        Assert.StartsWith("<could not be read", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("<could not be read", error.StackTrace, StringComparison.Ordinal);
    }

    private sealed class UndescribableException(bool throwFromStackTrace = false) : Exception
    {
        public override string Message => throw new InvalidOperationException("no message today");

        public override string? StackTrace => throwFromStackTrace ? throw new InvalidOperationException("no stack today") : base.StackTrace;
    }
}
