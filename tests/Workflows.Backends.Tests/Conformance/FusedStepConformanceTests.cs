using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

/// <summary>
/// The <see cref="IFusedStepBackend"/> contract, for the backends that offer it, on top of the whole
/// <see cref="IBackend"/> contract.
/// </summary>
public abstract class FusedStepConformanceTests : BackendConformanceTests
{
    protected IFusedStepBackend Fused => Backend as IFusedStepBackend
        ?? throw new Xunit.Sdk.XunitException($"{Backend.GetType().Name} does not implement IFusedStepBackend.");

    /// <summary>What a worker that ran ahead commits: the workflow task that consumed <paramref name="result"/> alone.</summary>
    protected WorkflowTaskCompletion RanAhead(
        WorkflowInstance instance,
        long lastSequenceId,
        HistoryEvent result,
        WorkflowStatus status = WorkflowStatus.Running,
        IReadOnlyList<HistoryEvent>? activities = null,
        IReadOnlyList<HistoryEvent>? timers = null,
        string? workflowResult = null)
        => Completion(new WorkflowTask(instance, "", "wf", Queue, lastSequenceId, [result]), status, activities: activities, timers: timers, result: workflowResult);

    protected async Task<long> LastSequenceIdAsync(WorkflowInstance instance)
        => (await Backend.GetWorkflowInstanceHistoryAsync(instance))[^1].SequenceId;

    /// <summary>A new instance whose first task scheduled one activity, that activity claimed, and the history's end.</summary>
    protected async Task<(WorkflowInstance Instance, ActivityTask Activity, long LastSequenceId)> ActivityRunningAsync(string instanceId)
    {
        var instance = await CreateWithActivityAsync(instanceId);
        var activity = await Backend.GetActivityTaskAsync(DefaultQueues) ?? throw new Xunit.Sdk.XunitException("Expected a claimable activity task.");
        return (instance, activity, await LastSequenceIdAsync(instance));
    }

    [Fact]
    public async Task FusedStep_CommitsTheResultAndTheWorkflowTaskItWakes()
    {
        var (instance, activity, last) = await ActivityRunningAsync("fused");
        var result = ActivityCompleted(activity, "\"r\"");

        var outcome = await Fused.CompleteActivityAndWorkflowTaskAsync(
            activity, result, last, RanAhead(instance, last, result, activities: [ActivityScheduled(7), ActivityScheduled(8)]), DefaultQueues, maxActivities: 1);

        Assert.True(outcome.Committed);
        Assert.Null(outcome.WorkflowTask);
        var claimed = Assert.Single(outcome.Activities);
        Assert.Equal(7, claimed.ScheduledEvent.ScheduleEventId);
        var history = await Backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Equal(
            [EventType.WorkflowTaskStarted, EventType.ActivityCompleted, EventType.ActivityScheduled, EventType.ActivityScheduled],
            history.Skip((int)last).Select(e => e.Type));
        Assert.Equal(result.Id, history[(int)last + 1].Id);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.SequenceId));

        // Nothing is left pending or held: no workflow task to claim, the old activity is gone, the unclaimed one waits.
        Assert.Null(await ClaimAsync());
        Assert.Equal(8, (await Backend.GetActivityTaskAsync(DefaultQueues))?.ScheduledEvent.ScheduleEventId);
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));

        // The next step goes on from the new end of the history.
        var next = ActivityCompleted(claimed);
        long after = await LastSequenceIdAsync(instance);
        Assert.True((await Fused.CompleteActivityAndWorkflowTaskAsync(claimed, next, after, RanAhead(instance, after, next), DefaultQueues, 0)).Committed);
    }

    [Fact]
    public async Task FusedStep_FinishingTask_EndsTheInstance()
    {
        var (instance, activity, last) = await ActivityRunningAsync("fused-finish");
        var result = ActivityCompleted(activity);
        Clock.Advance(TimeSpan.FromSeconds(3));

        var outcome = await Fused.CompleteActivityAndWorkflowTaskAsync(
            activity, result, last, RanAhead(instance, last, result, WorkflowStatus.Completed, workflowResult: "\"done\""), DefaultQueues, 5);

        Assert.True(outcome.Committed);
        Assert.Empty(outcome.Activities);
        var state = await Backend.GetWorkflowInstanceStateAsync("fused-finish");
        Assert.Equal(WorkflowStatus.Completed, state.Status);
        Assert.Equal("\"done\"", state.Result);
        Assert.Equal(Clock.GetUtcNow(), state.CompletedAt);
        Assert.Equal(EventType.WorkflowExecutionFinished, (await Backend.GetWorkflowInstanceHistoryAsync(instance))[^1].Type);
    }

    [Fact]
    public async Task FusedStep_AFutureTimerDoesNotStandInTheWay()
    {
        var instance = await CreateAsync("fused-timer");
        var first = await ClaimRequiredAsync();
        var fireAt = Clock.GetUtcNow().AddHours(1);
        var timer = HistoryEvent.Create(Clock.GetUtcNow(), new TimerFiredAttributes(fireAt), 2, visibleAt: fireAt);
        await Backend.CompleteWorkflowTaskAsync(first, Completion(first, activities: [ActivityScheduled(1)], timers: [timer]));
        var activity = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(activity);
        long last = await LastSequenceIdAsync(instance);
        var result = ActivityCompleted(activity);

        var outcome = await Fused.CompleteActivityAndWorkflowTaskAsync(activity, result, last, RanAhead(instance, last, result), DefaultQueues, 0);

        Assert.True(outcome.Committed);
        Assert.Null(await ClaimAsync());
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(EventType.TimerFired, Assert.Single((await ClaimRequiredAsync()).NewEvents).Type);
    }

    [Fact]
    public async Task FusedStep_AnotherEventWaiting_RecordsTheResultOnlyAndClaimsAsEagerDispatch()
    {
        var (instance, activity, last) = await ActivityRunningAsync("fused-signal");
        await Backend.SignalWorkflowAsync("fused-signal", Signal());
        var result = ActivityCompleted(activity, "\"r\"");

        var outcome = await Fused.CompleteActivityAndWorkflowTaskAsync(
            activity, result, last, RanAhead(instance, last, result, activities: [ActivityScheduled(7)]), DefaultQueues, 5);

        // The signal came first, so a task that saw only the result must not commit; the events wait in arrival order.
        Assert.False(outcome.Committed);
        Assert.Empty(outcome.Activities);
        Assert.NotNull(outcome.WorkflowTask);
        Assert.Equal([EventType.SignalReceived, EventType.ActivityCompleted], outcome.WorkflowTask.NewEvents.Select(e => e.Type));
        Assert.Equal(last, (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        await Backend.CompleteWorkflowTaskAsync(outcome.WorkflowTask, Completion(outcome.WorkflowTask));
    }

    [Fact]
    public async Task FusedStep_HistoryMovedOn_RecordsTheResultOnly()
    {
        var (instance, activity, last) = await ActivityRunningAsync("fused-stale-history");
        long behind = last - 1;
        var result = ActivityCompleted(activity);

        var outcome = await Fused.CompleteActivityAndWorkflowTaskAsync(activity, result, behind, RanAhead(instance, behind, result), DefaultQueues, 0);

        Assert.False(outcome.Committed);
        Assert.NotNull(outcome.WorkflowTask);
        Assert.Equal(behind + 1, outcome.WorkflowTask.LastSequenceId);
        Assert.Equal(result.Id, Assert.Single(outcome.WorkflowTask.NewEvents).Id);
        Assert.Equal(behind + 1, (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
    }

    [Fact]
    public async Task FusedStep_ExecutionHeldByAnotherTask_RecordsTheResultForIt()
    {
        var (instance, activity, last) = await ActivityRunningAsync("fused-held");
        await Backend.SignalWorkflowAsync("fused-held", Signal());
        var holder = await ClaimRequiredAsync();
        var result = ActivityCompleted(activity);

        var outcome = await Fused.CompleteActivityAndWorkflowTaskAsync(activity, result, last, RanAhead(instance, last, result), DefaultQueues, 0);

        Assert.False(outcome.Committed);
        Assert.Null(outcome.WorkflowTask);
        await Backend.CompleteWorkflowTaskAsync(holder, Completion(holder));
        var after = await ClaimRequiredAsync();
        Assert.Equal(result.Id, Assert.Single(after.NewEvents).Id);
    }

    [Fact]
    public async Task FusedStep_StaleActivityAttempt_WritesNothing()
    {
        var instance = await CreateWithActivityAsync("fused-stale");
        var stale = await Backend.GetActivityTaskAsync(DefaultQueues);
        Clock.Advance(TimeSpan.FromMinutes(2));
        var current = await Backend.GetActivityTaskAsync(DefaultQueues);
        Assert.NotNull(stale);
        Assert.NotNull(current);
        long last = await LastSequenceIdAsync(instance);
        var result = ActivityCompleted(stale);

        await Assert.ThrowsAsync<LeaseLostException>(() => Fused.CompleteActivityAndWorkflowTaskAsync(
            stale, result, last, RanAhead(instance, last, result, WorkflowStatus.Completed, workflowResult: "1"), DefaultQueues, 0));

        Assert.Equal(WorkflowStatus.Running, (await Backend.GetWorkflowInstanceStateAsync("fused-stale")).Status);
        Assert.Equal(last, (await Backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
        Assert.Null(await ClaimAsync());
        await Backend.CompleteActivityTaskAsync(current, ActivityCompleted(current, "\"current\""));
        Assert.Equal("\"current\"", ((ActivityCompletedAttributes)Assert.Single((await ClaimRequiredAsync()).NewEvents).Attributes).Result);
    }
}
