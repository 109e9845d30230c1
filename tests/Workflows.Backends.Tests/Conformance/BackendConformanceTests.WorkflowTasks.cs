using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task CompleteWorkflowTask_ManyEvents_AreAppendedInOrder()
    {
        // More events than one insert statement carries (a wide fan-out in one task).
        var instance = await CreateAsync("many-events");
        var task = await ClaimRequiredAsync();
        var activities = Enumerable.Range(1, 40).Select(i => ActivityScheduled(i, name: $"act-{i}")).ToList();

        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, activities: activities));

        var history = await Backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Equal(Enumerable.Range(1, 42).Select(i => (long)i), history.Select(e => e.SequenceId));
        Assert.Equal(activities.Select(a => a.Id), history.Skip(2).Select(e => e.Id));
        Assert.Equal(activities.Select(a => ((ActivityScheduledAttributes)a.Attributes).Name), history.Skip(2).Select(e => ((ActivityScheduledAttributes)e.Attributes).Name));
        Assert.Equal(40, (await Backend.GetStatsAsync()).PendingActivityTasks[Queue]);
    }

    [Fact]
    public async Task GetWorkflowTask_Empty_ReturnsNull()
        => Assert.Null(await ClaimAsync());

    [Fact]
    public async Task GetWorkflowTask_OtherQueue_IsNotClaimed()
    {
        await CreateAsync("q", queue: "billing");

        Assert.Null(await ClaimAsync("default", "shipping"));
        var task = await ClaimRequiredAsync("shipping", "billing");
        Assert.Equal("billing", task.Queue);
    }

    [Fact]
    public async Task GetWorkflowTask_Claimed_IsNotClaimedTwice()
    {
        await CreateAsync("locked");

        var first = await ClaimRequiredAsync();
        Clock.Advance(TimeSpan.FromSeconds(59));
        var second = await ClaimAsync();

        Assert.Null(second);
        Assert.Equal("locked", first.Instance.InstanceId);
    }

    [Fact]
    public async Task GetWorkflowTask_LeaseExpired_IsTakenOverWithNewToken()
    {
        var instance = await CreateAsync("timeout");
        var first = await ClaimRequiredAsync();

        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await ClaimRequiredAsync();

        Assert.Equal(instance, second.Instance);
        Assert.NotEqual(first.LockToken, second.LockToken);
        Assert.Equal(first.NewEvents.Select(e => e.Id), second.NewEvents.Select(e => e.Id));
    }

    [Fact]
    public async Task ExtendWorkflowTask_Held_KeepsTheLease()
    {
        await CreateAsync("extend");
        var task = await ClaimRequiredAsync();

        Clock.Advance(TimeSpan.FromSeconds(50));
        await Backend.ExtendWorkflowTaskAsync(task);
        Clock.Advance(TimeSpan.FromSeconds(50));

        Assert.Null(await ClaimAsync());
    }

    [Fact]
    public async Task ExtendWorkflowTask_AfterTakeover_ThrowsLeaseLost()
    {
        await CreateAsync("extend-lost");
        var stale = await ClaimRequiredAsync();
        Clock.Advance(TimeSpan.FromMinutes(2));
        await ClaimRequiredAsync();

        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.ExtendWorkflowTaskAsync(stale));
    }

    [Fact]
    public async Task CompleteWorkflowTask_StaleWorker_IsRejectedAndWritesNothing()
    {
        var instance = await CreateWithActivityAsync("parent-of-child");
        await Backend.SignalWorkflowAsync("parent-of-child", Signal());
        var stale = await ClaimRequiredAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var current = await ClaimRequiredAsync();
        var historyBefore = await Backend.GetWorkflowInstanceHistoryAsync(instance);

        var staleCompletion = Completion(
            stale,
            activities: [ActivityScheduled(2)],
            timers: [HistoryEvent.Create(Clock.GetUtcNow(), new TimerFiredAttributes(Clock.GetUtcNow()), 3)],
            outgoing: [new OutgoingEvent(new WorkflowInstance("child", "c1"), StartedEvent(parent: new ParentReference(instance.InstanceId, instance.ExecutionId, 4)))]);
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteWorkflowTaskAsync(stale, staleCompletion));

        Assert.Equal(historyBefore.Select(e => e.Id), (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Select(e => e.Id));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.GetWorkflowInstanceStateAsync("child"));
        var stats = await Backend.GetStatsAsync();
        Assert.Equal(1, stats.PendingActivityTasks[Queue]);

        // The current holder still commits, and consumes the signal exactly once.
        await Backend.CompleteWorkflowTaskAsync(current, Completion(current));
        var history = await Backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Single(history, e => e.Type == EventType.SignalReceived);
        Assert.Null(await ClaimAsync());
    }

    [Fact]
    public async Task CompleteWorkflowTask_Twice_SecondIsRejected()
    {
        var instance = await CreateAsync("twice");
        var task = await ClaimRequiredAsync();
        var completion = Completion(task);

        await Backend.CompleteWorkflowTaskAsync(task, completion);
        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteWorkflowTaskAsync(task, completion));

        Assert.Equal(completion.ExecutedEvents.Count, (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
    }

    [Fact]
    public async Task CompleteWorkflowTask_AppendsHistoryInOrder()
    {
        var instance = await CreateAsync("history");
        var task = await ClaimRequiredAsync();
        var side = HistoryEvent.Create(Clock.GetUtcNow(), new SideEffectResultAttributes("7"), 1);
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, produced: [side]));
        await Backend.SignalWorkflowAsync("history", Signal());
        var next = await ClaimRequiredAsync();
        Assert.Equal(3, next.LastSequenceId);
        await Backend.CompleteWorkflowTaskAsync(next, Completion(next));

        var history = await Backend.GetWorkflowInstanceHistoryAsync(instance);
        var tail = await Backend.GetWorkflowInstanceHistoryAsync(instance, afterSequenceId: 3);

        Assert.Equal(
            [EventType.WorkflowTaskStarted, EventType.WorkflowExecutionStarted, EventType.SideEffectResult, EventType.WorkflowTaskStarted, EventType.SignalReceived],
            history.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4, 5], history.Select(e => e.SequenceId));
        Assert.Equal(history.Skip(3).Select(e => e.Id), tail.Select(e => e.Id));
        Assert.Equal(side with { SequenceId = 3 }, history[2]);
        Assert.Equal("7", ((SideEffectResultAttributes)history[2].Attributes).Result);
    }

    [Fact]
    public async Task CompleteWorkflowTask_Finished_SetsResultAndCompletedAt()
    {
        var instance = await CreateWithActivityAsync("finish");
        await Backend.SignalWorkflowAsync("finish", Signal());
        Clock.Advance(TimeSpan.FromSeconds(3));
        var task = await ClaimRequiredAsync();

        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, WorkflowStatus.Completed, result: "\"ok\""));

        var state = await Backend.GetWorkflowInstanceStateAsync("finish");
        Assert.Equal(WorkflowStatus.Completed, state.Status);
        Assert.Equal("\"ok\"", state.Result);
        Assert.Equal(Clock.GetUtcNow(), state.CompletedAt);

        // A finished execution keeps no pending activity tasks.
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        Assert.Equal(0, (await Backend.GetStatsAsync()).ActiveInstances);
        Assert.Equal(EventType.WorkflowExecutionFinished, (await Backend.GetWorkflowInstanceHistoryAsync(instance))[^1].Type);
    }

    [Fact]
    public async Task CompleteWorkflowTask_Failed_StoresError()
    {
        await CreateAsync("fails");
        var task = await ClaimRequiredAsync();
        var error = new WorkflowError("System.InvalidOperationException", "boom", "at X", new WorkflowError("Inner", "why"));

        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, WorkflowStatus.Failed) with { Error = error });

        var state = await Backend.GetWorkflowInstanceStateAsync("fails");
        Assert.Equal(WorkflowStatus.Failed, state.Status);
        Assert.Equal(error, state.Error);
    }

    [Fact]
    public async Task CompleteWorkflowTask_SubWorkflowStart_CreatesChildAndDeliversCompletionToParent()
    {
        var parent = await CreateAsync("parent");
        var task = await ClaimRequiredAsync();
        var child = new WorkflowInstance("child", "c-1");
        var start = StartedEvent(name: "childwf", parent: new ParentReference(parent.InstanceId, parent.ExecutionId, 1));

        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, outgoing: [new OutgoingEvent(child, start)]));

        var childState = await Backend.GetWorkflowInstanceStateAsync("child");
        Assert.Equal(child, childState.Instance);
        Assert.Equal(new ParentReference("parent", parent.ExecutionId, 1), childState.Parent);
        var childTask = await ClaimRequiredAsync();
        Assert.Equal(child, childTask.Instance);
        Assert.Equal("childwf", childTask.WorkflowName);

        var report = HistoryEvent.Create(Clock.GetUtcNow(), new SubWorkflowCompletedAttributes("5"), 1);
        await Backend.CompleteWorkflowTaskAsync(childTask, Completion(childTask, WorkflowStatus.Completed, result: "5", outgoing: [new OutgoingEvent(parent, report)]));

        var parentTask = await ClaimRequiredAsync();
        Assert.Equal(parent, parentTask.Instance);
        Assert.Equal(report.Id, Assert.Single(parentTask.NewEvents).Id);
    }

    [Fact]
    public async Task CompleteWorkflowTask_SubWorkflowStartForActiveId_DeliversSubWorkflowFailedToParent()
    {
        var existing = await CreateAsync("taken");
        var parent = await CreateAsync("parent");
        var first = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(first, Completion(first)); // the existing instance's first task
        var task = await ClaimRequiredAsync();
        Assert.Equal(parent, task.Instance);

        var start = StartedEvent(parent: new ParentReference(parent.InstanceId, parent.ExecutionId, 9));
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, outgoing: [new OutgoingEvent(new WorkflowInstance("taken", "other"), start)]));

        Assert.Equal(existing, (await Backend.GetWorkflowInstanceStateAsync("taken")).Instance);
        var parentTask = await ClaimRequiredAsync();
        var failed = Assert.Single(parentTask.NewEvents);
        Assert.Equal(EventType.SubWorkflowFailed, failed.Type);
        Assert.Equal(9, failed.ScheduleEventId);
        Assert.Equal(typeof(WorkflowInstanceAlreadyExistsException).FullName, ((SubWorkflowFailedAttributes)failed.Attributes).Error.Type);
    }

    [Fact]
    public async Task CompleteWorkflowTask_EventsForOtherInstances_AreDeliveredToRunningOnesOnly()
    {
        var target = await CreateAsync("target");
        var done = await CreateAsync("done");
        var sender = await CreateAsync("sender");
        var t1 = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(t1, Completion(t1));
        var t2 = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(t2, Completion(t2, WorkflowStatus.Completed));
        var task = await ClaimRequiredAsync();
        Assert.Equal(sender, task.Instance);

        var signal = Signal("ping");
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, outgoing:
        [
            new OutgoingEvent(new WorkflowInstance("target", "whatever"), signal, AnyExecution: true),
            new OutgoingEvent(done, Signal("lost")),
            new OutgoingEvent(new WorkflowInstance("missing", "x"), Signal("lost")),
        ]));

        var delivered = await ClaimRequiredAsync();
        Assert.Equal(target, delivered.Instance);
        Assert.Equal(signal.Id, Assert.Single(delivered.NewEvents).Id);
        Assert.Null(await ClaimAsync());
        Assert.Equal(WorkflowStatus.Completed, (await Backend.GetWorkflowInstanceStateAsync("done")).Status);
    }

    [Fact]
    public async Task AbandonWorkflowTask_RecordsLastTaskErrorAndDelaysRetry()
    {
        await CreateAsync("abandon");
        var task = await ClaimRequiredAsync();
        var error = new WorkflowError("Workflows.NonDeterminismException", "mismatch at #3");

        await Backend.AbandonWorkflowTaskAsync(task, error, TimeSpan.FromSeconds(10));

        Assert.Equal(error, (await Backend.GetWorkflowInstanceStateAsync("abandon")).LastTaskError);
        Assert.Null(await ClaimAsync());
        Clock.Advance(TimeSpan.FromSeconds(10));
        var retry = await ClaimRequiredAsync();
        Assert.Equal(task.NewEvents.Select(e => e.Id), retry.NewEvents.Select(e => e.Id));

        await Backend.CompleteWorkflowTaskAsync(retry, Completion(retry));
        Assert.Null((await Backend.GetWorkflowInstanceStateAsync("abandon")).LastTaskError);
    }

    [Fact]
    public async Task AbandonWorkflowTask_StaleToken_IsIgnored()
    {
        await CreateAsync("abandon-stale");
        var stale = await ClaimRequiredAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var current = await ClaimRequiredAsync();

        await Backend.AbandonWorkflowTaskAsync(stale, new WorkflowError("X", "y"), TimeSpan.FromHours(1));

        Assert.Null((await Backend.GetWorkflowInstanceStateAsync("abandon-stale")).LastTaskError);
        await Backend.CompleteWorkflowTaskAsync(current, Completion(current));
    }

    [Fact]
    public async Task GetWorkflowTask_EventArrivingWhileClaimed_IsLeftForTheNextTask()
    {
        await CreateAsync("late");
        var task = await ClaimRequiredAsync();
        await Backend.SignalWorkflowAsync("late", Signal("late"));

        await Backend.CompleteWorkflowTaskAsync(task, Completion(task));

        var next = await ClaimRequiredAsync();
        Assert.Equal("late", ((SignalReceivedAttributes)Assert.Single(next.NewEvents).Attributes).Name);
    }

    [Fact]
    public async Task CompleteWorkflowTask_EventIdAlreadyInHistory_IsRejectedAndWritesNothing()
    {
        var instance = await CreateAsync("dup-event");
        var first = await ClaimRequiredAsync();
        var committed = Completion(first);
        await Backend.CompleteWorkflowTaskAsync(first, committed);
        await Backend.SignalWorkflowAsync("dup-event", Signal());
        var task = await ClaimRequiredAsync();
        var completion = Completion(task);
        var executed = completion.ExecutedEvents.ToList();
        executed.Add(committed.ExecutedEvents[0] with { SequenceId = task.LastSequenceId + executed.Count + 1 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend.CompleteWorkflowTaskAsync(task, completion with { ExecutedEvents = executed }));

        Assert.Equal(committed.ExecutedEvents.Count, (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
        await Backend.CompleteWorkflowTaskAsync(task, completion);
        Assert.Equal(committed.ExecutedEvents.Count + completion.ExecutedEvents.Count, (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
    }

    [Fact]
    public async Task AbandonWorkflowTask_Repeatedly_DoublesTheDelayUntilACommitResetsIt()
    {
        await CreateAsync("backoff");
        var first = await ClaimRequiredAsync();
        await Backend.AbandonWorkflowTaskAsync(first, new WorkflowError("X", "1"), TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(10));
        var second = await ClaimRequiredAsync();

        await Backend.AbandonWorkflowTaskAsync(second, new WorkflowError("X", "2"), TimeSpan.FromSeconds(10));

        Clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Null(await ClaimAsync());
        Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(third, Completion(third));

        await Backend.SignalWorkflowAsync("backoff", Signal());
        var fourth = await ClaimRequiredAsync();
        await Backend.AbandonWorkflowTaskAsync(fourth, new WorkflowError("X", "3"), TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(await ClaimAsync());
    }
}

