using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task WorkflowCancellation_CleanupOnDisconnectedContext_RunsAfterCancel()
    {
        var cleanedUp = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("Order", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.DelayAsync(TimeSpan.FromDays(30));
                    return "done";
                }
                catch (OperationCanceledException)
                {
                    // New work on the cancelled context fails at once...
                    bool refused = false;
                    try
                    {
                        await ctx.ExecuteActivityAsync("Cleanup", null, "refused");
                    }
                    catch (WorkflowCanceledException)
                    {
                        refused = true;
                    }

                    // ...while the disconnected context still runs clean-up.
                    await ctx.Disconnected().ExecuteActivityAsync("Cleanup", null, refused ? "released" : "wrong");
                    throw;
                }
            })
            .AddActivity("Cleanup", (string what) => cleanedUp.TrySetResult(what));
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<string>("Order", Id("order"), []);
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.TimerScheduled), "timer scheduled");

        await handle.CancelAsync();

        await Assert.ThrowsAsync<WorkflowCanceledException>(() => handle.GetResultAsync(Timeout));
        Assert.Equal("released", await cleanedUp.Task.WaitAsync(Timeout));
        var state = await handle.GetStateAsync();
        Assert.Equal(WorkflowStatus.Canceled, state.Status);
        var history = await handle.GetHistoryAsync();
        Assert.Contains(history, e => e.Type == EventType.WorkflowCancellationRequested);
        Assert.Contains(history, e => e.Type == EventType.TimerCanceled);
        Assert.Single(history, e => e.Type == EventType.ActivityScheduled);
    }

    [Fact]
    public async Task WorkflowCancellation_RunningActivity_FinishesAndResultStaysReadable()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("Slow", async (WorkflowContext ctx) =>
            {
                var activity = ctx.ExecuteActivityAsync<int>("Slow", null);
                try
                {
                    await ctx.DelayAsync(TimeSpan.FromDays(1));
                }
                catch (OperationCanceledException)
                {
                }

                return await activity;
            })
            .AddActivity("Slow", async () =>
            {
                started.TrySetResult();
                await release.Task;
                return 7;
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<int>("Slow", Id("slow"), []);
        await started.Task.WaitAsync(Timeout);

        await handle.CancelAsync();
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.TimerCanceled), "timer cancelled");
        release.SetResult();

        Assert.Equal(7, await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Cancel_UnknownOrFinishedInstance_ThrowsNotFound()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Quick", (WorkflowContext ctx) => Task.FromResult(1));
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<int>("Quick", Id("quick"), []);
        await handle.GetResultAsync(Timeout);

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.CancelWorkflowAsync("nope"));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.CancelWorkflowAsync("quick"));
    }
}
