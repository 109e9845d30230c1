using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task ActivityChain_TenSequentialActivities_EachSeesPreviousResult()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Chain", async (WorkflowContext ctx, int start) =>
            {
                int value = start;
                for (int i = 0; i < 10; i++)
                {
                    value = await ctx.ExecuteActivityAsync<int>("Increment", null, value);
                }

                return value;
            })
            .AddActivity("Increment", (int x) => x + 1);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Chain", Id("chain"), 5);

        Assert.Equal(15, await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        Assert.Equal(10, history.Count(e => e.Type == EventType.ActivityScheduled));
        Assert.Equal(10, history.Count(e => e.Type == EventType.ActivityCompleted));
    }

    [Fact]
    public async Task ConcurrentActivities_HundredInOneWorkflow_AllResultsInOrder()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("FanOut", async (WorkflowContext ctx) =>
            {
                var tasks = Enumerable.Range(0, 100).Select(i => ctx.ExecuteActivityAsync<int>("Square", null, i)).ToList();
                int[] results = await Task.WhenAll(tasks);
                return results.Sum();
            })
            .AddActivity("Square", async (int x) =>
            {
                await Task.Yield();
                return x * x;
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("FanOut", Id("fanout"), []);

        Assert.Equal(Enumerable.Range(0, 100).Sum(i => i * i), await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        var scheduled = history.Where(e => e.Type == EventType.ActivityScheduled).Select(e => e.ScheduleEventId).ToList();
        Assert.Equal(100, scheduled.Count);
        Assert.Equal(scheduled.Order(), history.Where(e => e.Type == EventType.ActivityCompleted).Select(e => e.ScheduleEventId).Order());
    }

    private sealed class PaymentDeclinedException(string message) : Exception(message);

    [Fact]
    public async Task ActivityError_Thrown_ReachesWorkflowWithOriginalTypeMessageAndStack()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Pay", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync("Charge", null, 100m);
                    return "charged";
                }
                catch (ActivityFailedException ex)
                {
                    return $"{ex.ActivityName}|{ex.OriginalType}|{ex.Error.Message}|{ex.Error.StackTrace?.Contains(nameof(ThrowDeclined), StringComparison.Ordinal)}";
                }
            })
            .AddActivity("Charge", (decimal amount) => ThrowDeclined(amount));
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Pay", Id("pay"), []);

        Assert.Equal($"Charge|{typeof(PaymentDeclinedException).FullName}|card declined for 100|True", await handle.GetResultAsync(Timeout));
    }

    private static Task ThrowDeclined(decimal amount) => throw new PaymentDeclinedException($"card declined for {amount}");

    [Fact]
    public async Task ActivityError_Unhandled_FailsInstanceNotWorker()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Fails", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Boom", null))
            .AddWorkflow("Works", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("One", null))
            .AddActivity("Boom", int () => throw new InvalidOperationException("boom"))
            .AddActivity("One", () => 1);
        await StartWorkerAsync(registry);

        var failed = await Client.StartWorkflowAsync<int>("Fails", Id("fails"), []);
        var ex = await Assert.ThrowsAsync<WorkflowFailedException>(() => failed.GetResultAsync(Timeout));
        Assert.Equal(typeof(ActivityFailedException).FullName, ex.OriginalType);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
        Assert.Equal(typeof(InvalidOperationException).FullName, ex.Error.Inner?.Type);
        Assert.Equal(WorkflowStatus.Failed, (await failed.GetStateAsync()).Status);

        // The same worker keeps serving other instances.
        var works = await Client.StartWorkflowAsync<int>("Works", Id("works"), []);
        Assert.Equal(1, await works.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task WorkflowCode_Throws_FailsInstanceWithTypeAndMessage()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Throws", Task<int> (WorkflowContext ctx) => throw new ArgumentOutOfRangeException("amount", "must be positive"));
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Throws", Id("throws"), []);

        var ex = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync(Timeout));
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, ex.OriginalType);
        Assert.Contains("must be positive", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActivityContext_InsideActivity_ExposesAttemptAndIdempotencyKey()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Ctx", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<string>("Describe", null))
            .AddActivity("Describe", () =>
            {
                var current = ActivityContext.Current!;
                return $"{current.ActivityName}|{current.Attempt}|{current.IdempotencyKey}";
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Ctx", Id("ctx"), []);

        Assert.Equal($"Describe|1|ctx/{handle.Instance.ExecutionId}/1/1", await handle.GetResultAsync(Timeout));
    }
}
