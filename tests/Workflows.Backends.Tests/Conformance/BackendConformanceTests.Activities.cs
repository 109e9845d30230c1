using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task GetActivityTask_Scheduled_IsClaimableOnItsQueueOnly()
    {
        var instance = await CreateWithActivityAsync("acts", queue: "gpu");

        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        var task = await Backend.GetActivityTaskAsync(["cpu", "gpu"]);

        Assert.NotNull(task);
        Assert.Equal(instance, task.Instance);
        Assert.Equal("gpu", task.Queue);
        Assert.Equal("act", task.Attributes.Name);
        Assert.Equal(1, task.ScheduledEvent.ScheduleEventId);
        Assert.Equal(["1"], task.Attributes.Inputs);
    }

    [Fact]
    public async Task GetActivityTask_Claimed_IsNotClaimedTwiceUntilLeaseExpires()
    {
        await CreateWithActivityAsync("act-lock");
        var first = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(first);

        Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Backend.GetActivityTaskAsync(DefaultQueues);

        Assert.NotNull(second);
        Assert.Equal(first.ScheduledEvent.Id, second.ScheduledEvent.Id);
        Assert.NotEqual(first.LockToken, second.LockToken);
    }

    [Fact]
    public async Task CompleteActivityTask_DeliversResultToTheWorkflow()
    {
        var instance = await CreateWithActivityAsync("result");
        var activity = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(activity);

        await Backend.CompleteActivityTaskAsync(activity, ActivityCompleted(activity, "\"r\""));

        var task = await ClaimRequiredAsync();
        Assert.Equal(instance, task.Instance);
        var completed = Assert.Single(task.NewEvents);
        Assert.Equal(EventType.ActivityCompleted, completed.Type);
        Assert.Equal(1, completed.ScheduleEventId);
        Assert.Equal("\"r\"", ((ActivityCompletedAttributes)completed.Attributes).Result);
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
    }

    [Fact]
    public async Task CompleteActivityTask_StaleAttemptAfterTakeover_IsRejectedAndWritesNothing()
    {
        await CreateWithActivityAsync("act-stale");
        var stale = await Backend.GetActivityTaskAsync(DefaultQueues);
        Clock.Advance(TimeSpan.FromMinutes(2));
        var current = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(stale);
        Assert.NotNull(current);

        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteActivityTaskAsync(stale, ActivityCompleted(stale, "\"stale\"")));
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.ExtendActivityTaskAsync(stale));
        Assert.Null(await ClaimAsync());

        await Backend.CompleteActivityTaskAsync(current, ActivityCompleted(current, "\"current\""));
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteActivityTaskAsync(current, ActivityCompleted(current, "\"again\"")));
        var task = await ClaimRequiredAsync();
        Assert.Equal("\"current\"", ((ActivityCompletedAttributes)Assert.Single(task.NewEvents).Attributes).Result);
    }

    [Fact]
    public async Task ExtendActivityTask_Held_KeepsTheLease()
    {
        await CreateWithActivityAsync("act-extend");
        var task = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(task);

        Clock.Advance(TimeSpan.FromSeconds(100));
        await Backend.ExtendActivityTaskAsync(task);
        Clock.Advance(TimeSpan.FromSeconds(100));

        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
    }

    [Fact]
    public async Task AbandonActivityTask_IsOfferedAgainAfterTheDelay()
    {
        await CreateWithActivityAsync("act-abandon");
        var task = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(task);

        await Backend.AbandonActivityTaskAsync(task, TimeSpan.FromSeconds(5));

        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var again = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(again);
        Assert.Equal(task.ScheduledEvent.Id, again.ScheduledEvent.Id);
    }

    [Fact]
    public async Task CompleteActivityTask_WorkflowFinishedMeanwhile_DropsTheResult()
    {
        var instance = await CreateWithActivityAsync("act-late");
        var activity = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(activity);
        await Backend.CancelWorkflowInstanceAsync("act-late");
        var task = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, WorkflowStatus.Canceled));

        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteActivityTaskAsync(activity, ActivityCompleted(activity)));

        Assert.Null(await ClaimAsync());
        Assert.DoesNotContain(await Backend.GetWorkflowInstanceHistoryAsync(instance), e => e.Type == EventType.ActivityCompleted);
    }
}
