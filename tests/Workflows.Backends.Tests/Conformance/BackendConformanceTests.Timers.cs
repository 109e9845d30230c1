using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    private async Task<(WorkflowInstance Instance, DateTimeOffset FireAt)> CreateWithTimerAsync(string instanceId, TimeSpan delay)
    {
        var instance = await CreateAsync(instanceId);
        var task = await ClaimRequiredAsync();
        var fireAt = Clock.GetUtcNow() + delay;
        var scheduled = HistoryEvent.Create(Clock.GetUtcNow(), new TimerScheduledAttributes(fireAt), 1);
        var fired = HistoryEvent.Create(Clock.GetUtcNow(), new TimerFiredAttributes(fireAt), 1, visibleAt: fireAt);
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, produced: [scheduled], timers: [fired]));
        return (instance, fireAt);
    }

    [Fact]
    public async Task Timer_IsVisibleAtItsDueTimeAndNotBefore()
    {
        var (instance, fireAt) = await CreateWithTimerAsync("timer", TimeSpan.FromMinutes(5));

        Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Null(await ClaimAsync());
        Assert.False((await Backend.GetStatsAsync()).PendingWorkflowTasks.ContainsKey(Queue));
        Clock.Advance(TimeSpan.FromTicks(1));
        var task = await ClaimRequiredAsync();

        Assert.Equal(instance, task.Instance);
        var fired = Assert.Single(task.NewEvents);
        Assert.Equal(EventType.TimerFired, fired.Type);
        Assert.Equal(fireAt, ((TimerFiredAttributes)fired.Attributes).FireAt);
        Assert.Equal(fireAt, fired.VisibleAt);
    }

    [Fact]
    public async Task Timer_Canceled_IsRemoved()
    {
        await CreateWithTimerAsync("cancel-timer", TimeSpan.FromMinutes(5));
        await Backend.SignalWorkflowAsync("cancel-timer", Signal());
        var task = await ClaimRequiredAsync();
        var canceled = HistoryEvent.Create(Clock.GetUtcNow(), new TimerCanceledAttributes(), 1);

        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, produced: [canceled], canceledTimers: [1]));

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await ClaimAsync());
    }

    [Fact]
    public async Task WaitForWork_ClaimableWorkExists_ReturnsAtOnce()
    {
        await CreateAsync("ready");

        // The fake clock never moves here: only "work exists" can end this wait.
        await Backend.WaitForWorkAsync(WorkKind.Workflow, DefaultQueues, TimeSpan.FromHours(1)).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForWork_WriteInThisProcess_WakesTheWaiter()
    {
        var wait = Backend.WaitForWorkAsync(WorkKind.Workflow, DefaultQueues, TimeSpan.FromHours(1));

        await CreateAsync("wake");

        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForWork_PendingTimer_ReturnsByItsDueTime()
    {
        await CreateWithTimerAsync("due", TimeSpan.FromSeconds(5));
        var wait = Backend.WaitForWorkAsync(WorkKind.Workflow, DefaultQueues, TimeSpan.FromHours(1));

        // Move the clock in small steps; a wait that ignored the timer would need an hour of them.
        for (int i = 0; i < 100 && !wait.IsCompleted; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(200));
            await Task.WhenAny(wait, Task.Delay(20));
        }

        Assert.True(wait.IsCompleted, "The wait did not end at the timer's due time.");
        await wait;
        Assert.NotNull(await ClaimAsync());
    }
}
