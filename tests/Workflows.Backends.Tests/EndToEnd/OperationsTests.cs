using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task Queues_InstanceOnUnpolledQueue_StaysPendingUntilAWorkerPollsIt()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Routed", async (WorkflowContext ctx) =>
            {
                string here = await ctx.ExecuteActivityAsync<string>("Where", null);
                string there = await ctx.ExecuteActivityAsync<string>("Where", new ActivityOptions { Queue = "gpu" });
                return here + "|" + there;
            })
            .AddActivity("Where", () => ActivityContext.Current!.Queue);
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<string>("Routed", new() { InstanceId = "routed", Queue = "orders" }, []);

        var stats = await Backend.GetStatsAsync();
        Assert.Equal(1, stats.PendingWorkflowTasks.GetValueOrDefault("orders"));
        Assert.Empty(await handle.GetHistoryAsync());

        await StartWorkerAsync(registry, WorkerOptions(["orders"]));
        await WaitUntilAsync(async () => (await Backend.GetStatsAsync()).PendingActivityTasks.GetValueOrDefault("gpu") == 1, "activity waiting on the gpu queue");
        Assert.Equal(WorkflowStatus.Running, (await handle.GetStateAsync()).Status);

        await StartWorkerAsync(registry, WorkerOptions(["gpu"]));
        Assert.Equal("orders|gpu", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Stats_AtEachStep_CountActiveInstancesAndPendingTasks()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("Stepped", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Held", null))
            .AddActivity("Held", async () =>
            {
                await release.Task;
                return 1;
            });
        var handle = await Client.StartWorkflowAsync<int>("Stepped", Id("stats"), []);

        var beforeWorker = await Backend.GetStatsAsync();
        Assert.Equal(1, beforeWorker.ActiveInstances);
        Assert.Equal(1, beforeWorker.PendingWorkflowTasks.GetValueOrDefault("default"));

        await StartWorkerAsync(registry);
        await WaitUntilAsync(async () => (await Backend.GetStatsAsync()).PendingActivityTasks.GetValueOrDefault("default") == 1, "activity scheduled");
        Assert.Equal(0, (await Backend.GetStatsAsync()).PendingWorkflowTasks.GetValueOrDefault("default"));

        release.SetResult();
        await handle.GetResultAsync(Timeout);
        var after = await Backend.GetStatsAsync();
        Assert.Equal(0, after.ActiveInstances);
        Assert.Equal(0, after.PendingActivityTasks.GetValueOrDefault("default"));
    }

    [Fact]
    public async Task RemoveByAge_RemovesFinishedBeforeTimeInBatches_KeepsActive()
    {
        await StartWorkerAsync(new WorkflowRegistry()
            .AddWorkflow("Quick", (WorkflowContext ctx) => Task.FromResult(1))
            .AddWorkflow("Wait", async (WorkflowContext ctx) => await ctx.DelayAsync(TimeSpan.FromDays(1))));
        for (int i = 0; i < 5; i++)
        {
            await (await Client.StartWorkflowAsync<int>("Quick", Id($"old-{i}"), [])).GetResultAsync(Timeout);
        }

        await Client.StartWorkflowAsync("Wait", Id("still-running"), []);

        long removed = await Client.RemoveWorkflowsAsync(DateTimeOffset.UtcNow.AddMinutes(1), batchSize: 2);

        Assert.Equal(5, removed);
        var left = await Client.ListWorkflowsAsync();
        Assert.Equal(["still-running"], left.Instances.Select(i => i.Instance.InstanceId));
        Assert.Equal(0, await Client.RemoveWorkflowsAsync(DateTimeOffset.UtcNow.AddMinutes(-10)));
    }

    [Fact]
    public async Task AutoExpiration_KeepsWhatIsWithinRetention_ThenANewPeriodTakesEffectWithoutRestart()
    {
        await StartWorkerAsync(new WorkflowRegistry()
            .AddWorkflow("Quick", (WorkflowContext ctx) => Task.FromResult(1))
            .AddWorkflow("Wait", async (WorkflowContext ctx) => await ctx.DelayAsync(TimeSpan.FromDays(1))));
        for (int i = 0; i < 3; i++)
        {
            await (await Client.StartWorkflowAsync<int>("Quick", Id($"done-{i}"), [])).GetResultAsync(Timeout);
        }

        await Client.StartWorkflowAsync("Wait", Id("still-running"), []);

        // A day of retention: the first round runs at once and removes nothing.
        await Client.StartAutoExpirationAsync(TimeSpan.FromDays(1), TimeSpan.FromDays(1));
        await WaitUntilAsync(async () => await RemovalRoundsAsync() >= 1, "the first expiration round");
        Assert.Equal(5, (await Client.ListWorkflowsAsync()).Instances.Count);

        // The shortest retention: the running instance takes it at once (no timer fires, no worker restarts) and
        // removes every finished instance, never a running one, nor itself.
        await Client.StartAutoExpirationAsync(TimeSpan.FromTicks(1), TimeSpan.FromDays(1));
        await WaitUntilAsync(async () => (await Client.ListWorkflowsAsync()).Instances.Count == 2, "the finished instances removed");
        var left = (await Client.ListWorkflowsAsync()).Instances.Select(i => i.Instance.InstanceId).Order(StringComparer.Ordinal);
        Assert.Equal(["still-running", "workflows.auto-expiration"], left);
        await WaitUntilAsync(async () => await RemovalRoundsAsync() == 2, "the second round recorded in the history");

        await Client.StopAutoExpirationAsync();
        Assert.Equal(WorkflowStatus.Terminated, (await Client.GetStateAsync("workflows.auto-expiration")).Status);
        await Client.StopAutoExpirationAsync();

        async Task<int> RemovalRoundsAsync() => (await Client.GetHistoryAsync("workflows.auto-expiration")).Count(e => e.Type == History.EventType.ActivityCompleted);
    }

    [Fact]
    public async Task AutoExpiration_NonPositivePeriod_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.StartAutoExpirationAsync(TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.StartAutoExpirationAsync(TimeSpan.FromDays(1), TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.GetStateAsync("workflows.auto-expiration"));
    }

    [Fact]
    public async Task HistoryLimit_Exceeded_FailsInstanceWithMessage()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Endless", async (WorkflowContext ctx) =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    await ctx.ExecuteActivityAsync("Noop", null);
                }

                return 0;
            })
            .AddActivity("Noop", () => { });
        await StartWorkerAsync(registry, WorkerOptions() with { MaxHistoryLength = 40 });

        var handle = await Client.StartWorkflowAsync<int>("Endless", Id("endless"), []);

        var ex = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync(Timeout));
        Assert.Equal(typeof(HistoryLimitExceededException).FullName, ex.OriginalType);
        Assert.Contains("maximum history length of 40", ex.Error.Message, StringComparison.Ordinal);
        var history = await handle.GetHistoryAsync();
        Assert.True(history.Count <= 42, $"history grew to {history.Count}");
        Assert.Equal(EventType.WorkflowExecutionFinished, history[^1].Type);
    }

    [Fact]
    public async Task Terminate_ParentWithChildren_EndsBothWithoutRunningCode()
    {
        bool cleanupRan = false;
        var registry = new WorkflowRegistry()
            .AddWorkflow("Child", async (WorkflowContext ctx) => await ctx.DelayAsync(TimeSpan.FromDays(1)))
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteSubWorkflowAsync("Child", new SubWorkflowOptions { InstanceId = "terminated-child" });
                }
                finally
                {
                    cleanupRan = true;
                }
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync("Parent", Id("terminated-parent"), []);
        await WaitUntilAsync(async () => await ChildTimerScheduledAsync("terminated-child"), "child running");

        await handle.TerminateAsync("operator request");

        var parent = await handle.GetStateAsync();
        var child = await Client.GetStateAsync("terminated-child");
        Assert.Equal(WorkflowStatus.Terminated, parent.Status);
        Assert.Equal(WorkflowStatus.Terminated, child.Status);
        Assert.Contains("operator request", parent.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(EventType.WorkflowExecutionTerminated, (await handle.GetHistoryAsync())[^1].Type);
        var ex = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.WaitForCompletionAsync(Timeout));
        Assert.Contains("terminated", ex.Message, StringComparison.Ordinal);
        Assert.False(cleanupRan);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => handle.TerminateAsync());
        Assert.Equal(0, (await Backend.GetStatsAsync()).ActiveInstances);
    }
}
