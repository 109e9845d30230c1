using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

// The same scenarios as the untyped layer, written the way users write them: through the generated stubs,
// invokers and registration (no reflection on the worker side).
public abstract partial class EndToEndTestBase
{
    internal sealed record StubLine(string Sku, int Quantity, decimal UnitPrice);

    internal static class StubWorkflows
    {
        [Workflow]
        public static async Task<int> StubSum(WorkflowContext ctx, string message)
        {
            int r1 = await ctx.Activities.StubAddAsync(35, 12);
            int r2 = await ctx.Activities.StubSharedStateAsync();
            return r1 + r2 + (message.Length * 0);
        }

        [Workflow("StubOrderTotal")]
        public static async Task<decimal> OrderTotal(WorkflowContext ctx, StubLine[] lines, string? coupon)
        {
            decimal total = 0;
            foreach (var line in lines)
            {
                total += await ctx.Activities.StubLinePriceAsync(line);
            }

            await ctx.Activities.StubAuditAsync(FormattableString.Invariant($"total {total}"));
            decimal discount = await ctx.Activities.StubDiscountAsync(coupon, new ActivityOptions());
            int count = await ctx.Activities.StubCountAsync(lines.Select(l => l.Sku).ToArray());
            return total - discount + (count * 0);
        }

        [Workflow]
        public static async Task<string> StubParent(WorkflowContext ctx, int n)
        {
            int child = await ctx.Workflows.StubChildAsync(n, new SubWorkflowOptions { InstanceId = ctx.InstanceId + "-child" });
            await ctx.Workflows.StubNoResultAsync();
            return $"child said {child}";
        }

        [Workflow]
        public static Task<int> StubChild(WorkflowContext ctx, int n) => Task.FromResult(n * 2);

        [Workflow]
        public static async Task StubNoResult(WorkflowContext ctx) => await ctx.Activities.StubAuditAsync("done");
    }

    internal static class StubStaticActivities
    {
        [Activity]
        public static int StubAdd(int a, int b) => a + b;

        [Activity]
        public static ValueTask<decimal> StubLinePrice(StubLine line) => new(line.Quantity * line.UnitPrice);

        [Activity]
        public static Task StubAudit(string message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }

        [Activity]
        public static Task<decimal> StubDiscount(string? coupon) => Task.FromResult(coupon is null ? 0m : 5m);

        [Activity]
        public static int StubCount(string[] skus) => skus.Length;
    }

    internal sealed class StubCounterActivities
    {
        public int SharedState { get; set; }

        public int Calls { get; private set; }

        [Activity]
        public Task<int> StubSharedState()
        {
            Calls++;
            return Task.FromResult(SharedState);
        }
    }

    private WorkflowRegistry GeneratedRegistry(StubCounterActivities? counter = null)
        => new WorkflowRegistry().AddGeneratedWorkflows().AddStubCounterActivities(counter ?? new StubCounterActivities { SharedState = 12 });

    [Fact]
    public async Task GeneratedStubs_ActivitiesOnStaticAndInstance_ReturnSumAndShareState()
    {
        var counter = new StubCounterActivities { SharedState = 12 };
        await StartWorkerAsync(GeneratedRegistry(counter));

        var handle = await Client.StartStubSumAsync("hello", Id("stub-sum"));

        Assert.Equal(59, await handle.GetResultAsync(Timeout));
        Assert.Equal(1, counter.Calls);
    }

    [Fact]
    public async Task GeneratedStart_CanceledToken_ThrowsAndCreatesNothing()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.StartStubSumAsync("hello", Id("stub-canceled"), canceled.Token));

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.GetStateAsync("stub-canceled"));
    }

    [Fact]
    public async Task GeneratedStubs_RecordsArraysNullsAndCustomName_RoundTrip()
    {
        await StartWorkerAsync(GeneratedRegistry());
        StubLine[] lines = [new("a", 2, 1.5m), new("b", 1, 10m)];

        var handle = await Client.StartStubOrderTotalAsync(lines, "SAVE5", Id("stub-total"));
        decimal withCoupon = await handle.GetResultAsync(Timeout);
        using var cts = new CancellationTokenSource(Timeout);
        decimal withoutCoupon = await Client.RunStubOrderTotalAsync(lines, null, Id("stub-total-2"), cts.Token);

        Assert.Equal(8m, withCoupon);
        Assert.Equal(13m, withoutCoupon);
        var history = await handle.GetHistoryAsync();
        Assert.Equal("StubOrderTotal", ((ExecutionStartedAttributes)history.Single(e => e.Type == EventType.WorkflowExecutionStarted).Attributes).Name);
        Assert.Equal(
            ["StubLinePrice", "StubLinePrice", "StubAudit", "StubDiscount", "StubCount"],
            history.Where(e => e.Type == EventType.ActivityScheduled).Select(e => ((ActivityScheduledAttributes)e.Attributes).Name));
    }

    [Fact]
    public async Task GeneratedStubs_SubWorkflows_ReturnChildResult()
    {
        await StartWorkerAsync(GeneratedRegistry());
        using var cts = new CancellationTokenSource(Timeout);

        string result = await Client.RunStubParentAsync(21, Id("stub-parent"), cts.Token);

        Assert.Equal("child said 42", result);
        Assert.Equal(WorkflowStatus.Completed, (await Client.GetStateAsync("stub-parent-child")).Status);
    }

    [Fact]
    public async Task GeneratedStubs_WorkflowWithoutResult_CompletesThroughUntypedHandle()
    {
        await StartWorkerAsync(GeneratedRegistry());

        Client.WorkflowHandle handle = await Client.StartStubNoResultAsync(Id("stub-void"));
        await handle.WaitForCompletionAsync(Timeout);

        Assert.Equal(WorkflowStatus.Completed, (await handle.GetStateAsync()).Status);
    }

    [Fact]
    public async Task GeneratedStubs_ActivityFactory_CreatesAnInstancePerCall()
    {
        int created = 0;
        var registry = new WorkflowRegistry().AddGeneratedWorkflows().AddStubCounterActivities(() =>
        {
            Interlocked.Increment(ref created);
            return new StubCounterActivities { SharedState = 12 };
        });
        await StartWorkerAsync(registry);

        int first = await (await Client.StartStubSumAsync("a", Id("stub-factory-1"))).GetResultAsync(Timeout);
        int second = await (await Client.StartStubSumAsync("b", Id("stub-factory-2"))).GetResultAsync(Timeout);

        Assert.Equal(59, first);
        Assert.Equal(59, second);
        Assert.Equal(2, created);
    }

    [Fact]
    public async Task GeneratedStubs_TypedAndUntypedCalls_ReachTheSameWorkflow()
    {
        await StartWorkerAsync(GeneratedRegistry());

        var untyped = await Client.StartWorkflowAsync<int>("StubChild", Id("stub-untyped"), 5);

        Assert.Equal(10, await untyped.GetResultAsync(Timeout));
    }
}
