using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    private WorkflowRegistry SubWorkflowRegistry() => new WorkflowRegistry()
        .AddWorkflow("Child", async (WorkflowContext ctx, int x) => await ctx.ExecuteActivityAsync<int>("Double", null, x))
        .AddWorkflow("FailingChild", Task<int> (WorkflowContext ctx) => throw new InvalidOperationException("child broke"))
        .AddWorkflow("WaitingChild", async (WorkflowContext ctx) =>
        {
            await ctx.DelayAsync(TimeSpan.FromDays(1));
            return "woke";
        })
        .AddActivity("Double", (int x) => x * 2);

    [Fact]
    public async Task SubWorkflow_Result_ReturnedToParent()
    {
        var registry = SubWorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                int a = await ctx.ExecuteSubWorkflowAsync<int>("Child", null, 5);
                int b = await ctx.ExecuteSubWorkflowAsync<int>("Child", new SubWorkflowOptions { InstanceId = "explicit-child" }, 7);
                return a + b;
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Parent", Id("parent"), []);

        Assert.Equal(24, await handle.GetResultAsync(Timeout));
        var child = await Client.GetStateAsync("explicit-child");
        Assert.Equal(WorkflowStatus.Completed, child.Status);
        Assert.Equal("parent", child.Parent?.InstanceId);
        var history = await handle.GetHistoryAsync();
        Assert.Equal(2, history.Count(e => e.Type == EventType.SubWorkflowScheduled));
        Assert.Equal(2, history.Count(e => e.Type == EventType.SubWorkflowCompleted));
    }

    [Fact]
    public async Task SubWorkflow_Failure_ReachesParentAsTypedException()
    {
        var registry = SubWorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteSubWorkflowAsync<int>("FailingChild", new SubWorkflowOptions { InstanceId = "failing-child" });
                    return "no error";
                }
                catch (SubWorkflowFailedException ex)
                {
                    return $"{ex.WorkflowName}|{ex.InstanceId}|{ex.OriginalType}|{ex.Error.Message}";
                }
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Parent", Id("parent-fail"), []);

        Assert.Equal($"FailingChild|failing-child|{typeof(InvalidOperationException).FullName}|child broke", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task SubWorkflow_DuplicateActiveInstanceId_FailsWithAlreadyExists()
    {
        var registry = SubWorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteSubWorkflowAsync<string>("WaitingChild", new SubWorkflowOptions { InstanceId = "busy" });
                    return "started";
                }
                catch (SubWorkflowFailedException ex)
                {
                    return ex.OriginalType;
                }
            });
        await StartWorkerAsync(registry);
        await Client.StartWorkflowAsync("WaitingChild", Id("busy"), []);

        var handle = await Client.StartWorkflowAsync<string>("Parent", Id("parent-dup"), []);

        Assert.Equal(typeof(WorkflowInstanceAlreadyExistsException).FullName, await handle.GetResultAsync(Timeout));
        Assert.Equal(WorkflowStatus.Running, (await Client.GetStateAsync("busy")).Status);
    }

    [Fact]
    public async Task SubWorkflow_ReuseOfFinishedInstanceId_StartsNewExecution()
    {
        var registry = SubWorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) => await ctx.ExecuteSubWorkflowAsync<int>("Child", new SubWorkflowOptions { InstanceId = "reused" }, 21));
        await StartWorkerAsync(registry);
        var first = await Client.StartWorkflowAsync<int>("Child", Id("reused"), 1);
        Assert.Equal(2, await first.GetResultAsync(Timeout));

        var handle = await Client.StartWorkflowAsync<int>("Parent", Id("parent-reuse"), []);

        Assert.Equal(42, await handle.GetResultAsync(Timeout));
        var state = await Client.GetStateAsync("reused");
        Assert.NotEqual(first.Instance.ExecutionId, state.Instance.ExecutionId);
        Assert.Equal("parent-reuse", state.Parent?.InstanceId);
    }

    [Fact]
    public async Task SubWorkflow_CanceledBeforeStart_FailsAtOnceAndNothingStarts()
    {
        var registry = SubWorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                using var cts = new CancellationTokenSource();
                var child = ctx.ExecuteSubWorkflowAsync<int>("Child", new SubWorkflowOptions { InstanceId = "never", CancellationToken = cts.Token }, 1);
                cts.Cancel();
                try
                {
                    await child;
                    return "ran";
                }
                catch (WorkflowCanceledException)
                {
                    await ctx.ExecuteActivityAsync<int>("Double", null, 1);
                    return "canceled";
                }
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Parent", Id("parent-cancel-before"), []);

        Assert.Equal("canceled", await handle.GetResultAsync(Timeout));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.GetStateAsync("never"));
        Assert.DoesNotContain(await handle.GetHistoryAsync(), e => e.Type == EventType.SubWorkflowScheduled);
    }

    [Fact]
    public async Task SubWorkflow_ParentCanceled_CancellationPropagatesToChild()
    {
        var registry = SubWorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                try
                {
                    return await ctx.ExecuteSubWorkflowAsync<string>("WaitingChild", new SubWorkflowOptions { InstanceId = "child-of-canceled" });
                }
                catch (SubWorkflowFailedException ex)
                {
                    return "child " + ex.OriginalType;
                }
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<string>("Parent", Id("parent-canceled"), []);
        await WaitUntilAsync(async () => await ChildTimerScheduledAsync("child-of-canceled"), "child waiting on its timer");

        await handle.CancelAsync();

        // The parent catches the child's cancellation and returns normally.
        await WaitUntilAsync(async () => (await handle.GetStateAsync()) is { Status: not WorkflowStatus.Running } or { LastTaskError: not null }, "parent done");
        Assert.Null((await handle.GetStateAsync()).LastTaskError);
        Assert.Equal("child " + typeof(WorkflowCanceledException).FullName, await handle.GetResultAsync(Timeout));
        Assert.Equal(WorkflowStatus.Canceled, (await Client.GetStateAsync("child-of-canceled")).Status);
        Assert.Contains(await handle.GetHistoryAsync(), e => e.Type == EventType.SubWorkflowCancellationRequested);
    }

    private async Task<bool> ChildTimerScheduledAsync(string instanceId)
    {
        try
        {
            return (await Client.GetHistoryAsync(instanceId)).Any(e => e.Type == EventType.TimerScheduled);
        }
        catch (WorkflowInstanceNotFoundException)
        {
            return false;
        }
    }
}
