using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    private IEagerDispatchBackend Eager => Backend as IEagerDispatchBackend
        ?? throw new Xunit.Sdk.XunitException($"{Backend.GetType().Name} does not implement IEagerDispatchBackend.");

    [Fact]
    public async Task EagerCompleteWorkflowTask_ClaimsUpToTheLimitOnTheCallersQueues()
    {
        var instance = await CreateAsync("eager-acts");
        var task = await ClaimRequiredAsync();
        var completion = Completion(task, activities: [ActivityScheduled(1), ActivityScheduled(2, queue: "gpu"), ActivityScheduled(3), ActivityScheduled(4)]);

        var claimed = await Eager.CompleteWorkflowTaskAsync(task, completion, DefaultQueues, maxActivities: 2);

        Assert.Equal([1L, 3L], claimed.Select(a => a.ScheduledEvent.ScheduleEventId));
        Assert.All(claimed, a => Assert.Equal(instance, a.Instance));
        Assert.All(claimed, a => Assert.Equal("act", a.Attributes.Name));
        Assert.Equal(["1"], claimed[0].Attributes.Inputs);
        Assert.NotEqual(claimed[0].LockToken, claimed[1].LockToken);

        // The claimed ones are held; a poll gets only what was left, on its own queue.
        var polled = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(polled);
        Assert.Equal(4, polled.ScheduledEvent.ScheduleEventId);
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        Assert.Equal(2, (await Backend.GetActivityTaskAsync(["gpu"]))?.ScheduledEvent.ScheduleEventId);
    }

    [Fact]
    public async Task EagerCompleteWorkflowTask_ClaimedActivity_IsLeasedAndFencedLikeAPolledOne()
    {
        await CreateAsync("eager-lease");
        var task = await ClaimRequiredAsync();
        var claimed = Assert.Single(await Eager.CompleteWorkflowTaskAsync(task, Completion(task, activities: [ActivityScheduled(1)]), DefaultQueues, 5));

        Clock.Advance(TimeSpan.FromSeconds(100));
        await Backend.ExtendActivityTaskAsync(claimed);
        Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));

        // Once the lease lapses another worker takes it over, and the eager holder's completion is a duplicate.
        Clock.Advance(TimeSpan.FromMinutes(2));
        var takeover = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(takeover);
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteActivityTaskAsync(claimed, ActivityCompleted(claimed)));
        await Backend.CompleteActivityTaskAsync(takeover, ActivityCompleted(takeover, "\"takeover\""));
        var next = await ClaimRequiredAsync();
        Assert.Equal("\"takeover\"", ((ActivityCompletedAttributes)Assert.Single(next.NewEvents).Attributes).Result);
    }

    [Fact]
    public async Task EagerCompleteWorkflowTask_LostLease_WritesAndClaimsNothing()
    {
        var instance = await CreateAsync("eager-lost");
        var stale = await ClaimRequiredAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var current = await ClaimRequiredAsync();

        await Assert.ThrowsAsync<LeaseLostException>(() => Eager.CompleteWorkflowTaskAsync(stale, Completion(stale, activities: [ActivityScheduled(1)]), DefaultQueues, 5));

        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        Assert.Empty(await Backend.GetWorkflowInstanceHistoryAsync(instance));
        await Backend.CompleteWorkflowTaskAsync(current, Completion(current));
    }

    [Fact]
    public async Task EagerCompleteWorkflowTask_FinishingTask_ClaimsNothing()
    {
        await CreateAsync("eager-finish");
        var task = await ClaimRequiredAsync();

        var claimed = await Eager.CompleteWorkflowTaskAsync(task, Completion(task, WorkflowStatus.Completed, activities: [ActivityScheduled(1)], result: "1"), DefaultQueues, 5);

        Assert.Empty(claimed);
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
    }

    [Fact]
    public async Task EagerCompleteActivityTask_ClaimsTheWorkflowTaskItMakesReady()
    {
        var instance = await CreateWithActivityAsync("eager-wf");
        var activity = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(activity);
        await Backend.SignalWorkflowAsync("eager-wf", Signal());

        var next = await Eager.CompleteActivityTaskAsync(activity, ActivityCompleted(activity, "\"r\""), DefaultQueues);

        Assert.NotNull(next);
        Assert.Equal(instance, next.Instance);
        Assert.Equal("wf", next.WorkflowName);
        Assert.Equal([EventType.SignalReceived, EventType.ActivityCompleted], next.NewEvents.Select(e => e.Type));
        Assert.Null(await ClaimAsync());

        // Held like any claim: it commits with its token, and its lease lapses like any other.
        await Backend.CompleteWorkflowTaskAsync(next, Completion(next));
        Assert.Contains(await Backend.GetWorkflowInstanceHistoryAsync(instance), e => e.Type == EventType.ActivityCompleted);
    }

    [Fact]
    public async Task EagerCompleteActivityTask_InstanceHeldOrOnAnotherQueue_DeliversWithoutClaiming()
    {
        var instance = await CreateWithActivityAsync("eager-held");
        var activity = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(activity);

        // On a queue this caller does not poll: delivered, left for a poll.
        Assert.Null(await Eager.CompleteActivityTaskAsync(activity, ActivityCompleted(activity), ["elsewhere"]));
        var polled = await ClaimRequiredAsync();
        Assert.Equal(EventType.ActivityCompleted, Assert.Single(polled.NewEvents).Type);

        // Held by another task: delivered, left for that task's successor.
        await Backend.CompleteWorkflowTaskAsync(polled, Completion(polled, activities: [ActivityScheduled(3)]));
        var second = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(second);
        await Backend.SignalWorkflowAsync("eager-held", Signal());
        var holder = await ClaimRequiredAsync();
        Assert.Null(await Eager.CompleteActivityTaskAsync(second, ActivityCompleted(second), DefaultQueues));
        await Backend.CompleteWorkflowTaskAsync(holder, Completion(holder));
        var after = await ClaimRequiredAsync();
        Assert.Equal(instance, after.Instance);
        Assert.Equal(EventType.ActivityCompleted, Assert.Single(after.NewEvents).Type);
    }

    [Fact]
    public async Task EagerCompleteActivityTask_StaleAttempt_IsRejectedAndClaimsNothing()
    {
        await CreateWithActivityAsync("eager-stale");
        var stale = await Backend.GetActivityTaskAsync(DefaultQueues);
        Clock.Advance(TimeSpan.FromMinutes(2));
        var current = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(stale);
        Assert.NotNull(current);

        await Assert.ThrowsAsync<LeaseLostException>(() => Eager.CompleteActivityTaskAsync(stale, ActivityCompleted(stale), DefaultQueues));

        Assert.Null(await ClaimAsync());
    }
}
