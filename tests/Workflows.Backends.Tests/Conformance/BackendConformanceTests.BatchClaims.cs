using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    private IBatchClaimBackend Batch => Backend as IBatchClaimBackend
        ?? throw new Xunit.Sdk.XunitException($"{Backend.GetType().Name} does not implement IBatchClaimBackend.");

    [Fact]
    public async Task BatchClaim_ClaimsUpToMax_OldestFirst_EachWithItsOwnLease()
    {
        var created = new List<WorkflowInstance>();
        for (int i = 0; i < 5; i++)
        {
            created.Add(await CreateAsync($"batch-{i}"));
            Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await Batch.GetWorkflowTasksAsync(DefaultQueues, 3);

        Assert.Equal(created.Take(3), first.Select(t => t.Instance));
        Assert.Equal(3, first.Select(t => t.LockToken).Distinct().Count());
        Assert.All(first, t => Assert.Equal(EventType.WorkflowExecutionStarted, Assert.Single(t.NewEvents).Type));

        // Held ones are not handed out again; the rest are, and then nothing.
        var second = await Batch.GetWorkflowTasksAsync(DefaultQueues, 10);
        Assert.Equal(created.Skip(3), second.Select(t => t.Instance));
        Assert.Empty(await Batch.GetWorkflowTasksAsync(DefaultQueues, 10));

        // Each commits under its own token; a token of another task does not fence it.
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteWorkflowTaskAsync(first[0] with { LockToken = first[1].LockToken }, Completion(first[0])));
        foreach (var task in first.Concat(second))
        {
            await Backend.CompleteWorkflowTaskAsync(task, Completion(task));
        }

        foreach (var instance in created)
        {
            Assert.Equal(EventType.WorkflowExecutionStarted, (await Backend.GetWorkflowInstanceHistoryAsync(instance))[1].Type);
        }
    }

    [Fact]
    public async Task BatchClaim_AnExecutionWithSeveralReadyEvents_IsClaimedOnce_AndTheOnesAfterItToo()
    {
        var busy = await CreateAsync("batch-busy");
        for (int i = 0; i < 4; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(1));
            await Backend.SignalWorkflowAsync("batch-busy", Signal($"s{i}"));
        }

        var after = new List<WorkflowInstance>();
        for (int i = 0; i < 2; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(1));
            after.Add(await CreateAsync($"batch-after-{i}"));
        }

        // The five oldest ready events are all the first execution's: it comes once, with all of them, and the
        // batch goes on past them.
        var claimed = await Batch.GetWorkflowTasksAsync(DefaultQueues, 3);

        Assert.Equal(new[] { busy }.Concat(after), claimed.Select(t => t.Instance));
        Assert.Equal(5, claimed[0].NewEvents.Count);
        Assert.All(claimed.Skip(1), t => Assert.Single(t.NewEvents));
    }

    [Fact]
    public async Task BatchClaim_OnlyTheCallersQueues_AndLapsedLeasesAgain()
    {
        var here = await CreateAsync("batch-here");
        await CreateAsync("batch-there", queue: "other");

        var claimed = Assert.Single(await Batch.GetWorkflowTasksAsync(DefaultQueues, 5));
        Assert.Equal(here, claimed.Instance);
        Assert.Empty(await Batch.GetWorkflowTasksAsync(DefaultQueues, 5));

        Clock.Advance(TimeSpan.FromMinutes(2));
        var again = Assert.Single(await Batch.GetWorkflowTasksAsync(DefaultQueues, 5));
        Assert.Equal(here, again.Instance);
        Assert.NotEqual(claimed.LockToken, again.LockToken);
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteWorkflowTaskAsync(claimed, Completion(claimed)));
    }

    [Fact]
    public async Task BatchClaimActivities_ClaimsUpToMax_InOrder_EachWithItsOwnLease()
    {
        var instance = await CreateAsync("batch-acts");
        var task = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, activities: [ActivityScheduled(1), ActivityScheduled(2, queue: "gpu"), ActivityScheduled(3), ActivityScheduled(4)]));

        var first = await Batch.GetActivityTasksAsync(DefaultQueues, 2);

        Assert.Equal([1L, 3L], first.Select(a => a.ScheduledEvent.ScheduleEventId));
        Assert.All(first, a => Assert.Equal(instance, a.Instance));
        Assert.NotEqual(first[0].LockToken, first[1].LockToken);
        Assert.Equal([4L], (await Batch.GetActivityTasksAsync(DefaultQueues, 5)).Select(a => a.ScheduledEvent.ScheduleEventId));
        Assert.Empty(await Batch.GetActivityTasksAsync(DefaultQueues, 5));

        // Fenced like polled ones: a lapsed lease is claimed again and the first holder's result is a duplicate.
        Clock.Advance(TimeSpan.FromMinutes(3));
        var again = await Batch.GetActivityTasksAsync(DefaultQueues, 2);
        Assert.Equal([1L, 3L], again.Select(a => a.ScheduledEvent.ScheduleEventId));
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteActivityTaskAsync(first[0], ActivityCompleted(first[0])));
        await Backend.CompleteActivityTaskAsync(again[0], ActivityCompleted(again[0]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Batch.GetActivityTasksAsync(DefaultQueues, 0));
    }

    [Fact]
    public async Task BatchClaimActivities_OnOneQueueOrSeveral_InScheduleOrder()
    {
        await CreateAsync("batch-queues");
        var task = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, activities: [ActivityScheduled(1, queue: "gpu"), ActivityScheduled(2), ActivityScheduled(3, queue: "gpu"), ActivityScheduled(4), ActivityScheduled(5, queue: "gpu")]));

        Assert.Equal([1L, 2L, 3L], (await Batch.GetActivityTasksAsync([Queue, "gpu"], 3)).Select(a => a.ScheduledEvent.ScheduleEventId));
        Assert.Equal([5L], (await Batch.GetActivityTasksAsync(["gpu"], 3)).Select(a => a.ScheduledEvent.ScheduleEventId));
        Assert.Equal(4L, (await Backend.GetActivityTaskAsync(DefaultQueues))?.ScheduledEvent.ScheduleEventId);
        Assert.Empty(await Batch.GetActivityTasksAsync([Queue, "gpu"], 3));
    }

    [Fact]
    public async Task BatchClaim_MaxBelowOne_IsRejected()
    {
        await CreateAsync("batch-zero");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Batch.GetWorkflowTasksAsync(DefaultQueues, 0));
        Assert.NotNull(await ClaimAsync());
    }
}
