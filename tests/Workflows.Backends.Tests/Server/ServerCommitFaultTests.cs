using Workflows.History;

namespace Workflows.Backends.Tests.Server;

/// <summary>
/// RELIABILITY.md rules 7 and 8: a connection that fails during COMMIT leaves the outcome unknown, so the backend
/// reads back whether the transaction landed before it retries; one that fails before COMMIT is simply run again.
/// Faults are injected at the commit points of the real write path, which the server backends share; each subclass
/// runs these tests on its own server. A caller's token cancelled at the COMMIT does not cancel it: a claim that
/// landed unreported would hold its work until the lease lapsed.
/// </summary>
public abstract class ServerCommitFaultTests<TBackend> : IAsyncLifetime
    where TBackend : IBackend, IEagerDispatchBackend, IFusedStepBackend
{
    private static readonly string[] Queues = ServerSteps.Queues;
    private TBackend _backend = default!;
    private int _hits;

    /// <summary>The points of the backend's write path where a fault is injected.</summary>
    protected enum CommitPoint
    {
        BeforeCommit,
        AfterCommit,
    }

    /// <summary>A backend on a fresh schema of the subclass's server.</summary>
    protected abstract TBackend CreateBackend();

    /// <summary>Makes the backend call <paramref name="hook"/> at each commit point of every write.</summary>
    protected abstract void SetFaultHook(TBackend backend, Action<CommitPoint> hook);

    public Task InitializeAsync()
    {
        _backend = CreateBackend();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    /// <summary>
    /// Fails the first pass through <paramref name="point"/>, the way a dropped connection does; <c>_hits</c> counts
    /// the passes, so a write that ran again shows up as a second one.
    /// </summary>
    private void FailOnceAt(CommitPoint point)
    {
        _hits = 0;
        SetFaultHook(_backend, p =>
        {
            if (p == point && _hits++ == 0)
            {
                throw new IOException("Connection reset by peer (injected)");
            }
        });
    }

    [Fact]
    public async Task CompleteWorkflowTask_ConnectionLostAfterCommitLanded_IsDoneOnceNotRejectedAsLeaseLost()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "after-commit");
        var completion = ServerSteps.ScheduleActivity(task);
        FailOnceAt(CommitPoint.AfterCommit);

        // Running it again would meet the fence (the lease is released) and report LeaseLostException.
        await _backend.CompleteWorkflowTaskAsync(task, completion);

        Assert.Equal(1, _hits);
        var history = await _backend.GetWorkflowInstanceHistoryAsync(task.Instance);
        Assert.Equal(completion.ExecutedEvents.Select(e => e.Id), history.Select(e => e.Id));
        Assert.Equal(1, (await _backend.GetStatsAsync()).PendingActivityTasks["default"]);
    }

    [Fact]
    public async Task CompleteWorkflowTask_ConnectionLostBeforeCommit_RunsTheWholeTransactionAgainOnce()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "before-commit");
        var completion = ServerSteps.ScheduleActivity(task);
        FailOnceAt(CommitPoint.BeforeCommit);

        await _backend.CompleteWorkflowTaskAsync(task, completion);

        Assert.Equal(2, _hits);
        Assert.Equal(completion.ExecutedEvents.Count, (await _backend.GetWorkflowInstanceHistoryAsync(task.Instance)).Count);
        Assert.Equal(1, (await _backend.GetStatsAsync()).PendingActivityTasks["default"]);
    }

    [Fact]
    public async Task CompleteActivityTask_ConnectionLostAfterCommitLanded_RecordsTheResultOnce()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "activity");
        await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task));
        var activity = await _backend.GetActivityTaskAsync(Queues) ?? throw new Xunit.Sdk.XunitException("no activity");
        FailOnceAt(CommitPoint.AfterCommit);

        await _backend.CompleteActivityTaskAsync(activity, HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1));

        Assert.Equal(1, _hits);
        var next = await _backend.GetWorkflowTaskAsync(Queues) ?? throw new Xunit.Sdk.XunitException("no workflow task");
        Assert.Single(next.NewEvents, e => e.Type == EventType.ActivityCompleted);
        Assert.Empty((await _backend.GetStatsAsync()).PendingActivityTasks);
    }

    [Fact]
    public async Task EagerCompleteWorkflowTask_ConnectionLostAfterCommitLanded_HandsOverTheActivitiesItClaimed()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "eager-after-commit");
        FailOnceAt(CommitPoint.AfterCommit);

        var claimed = await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task), Queues, maxActivities: 5);

        // The landed batch wrote the claim, so the caller holds the activity: no poll gets it, its completion counts.
        Assert.Equal(1, _hits);
        var activity = Assert.Single(claimed);
        Assert.Null(await _backend.GetActivityTaskAsync(Queues));
        await _backend.CompleteActivityTaskAsync(activity, HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1));
        Assert.Empty((await _backend.GetStatsAsync()).PendingActivityTasks);
    }

    [Fact]
    public async Task EagerCompleteActivityTask_ConnectionLostAfterCommitLanded_HandsOverTheWorkflowTaskItClaimed()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "eager-activity");
        var activity = Assert.Single(await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task), Queues, maxActivities: 1));
        FailOnceAt(CommitPoint.AfterCommit);

        var next = await _backend.CompleteActivityTaskAsync(activity, HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1), Queues);

        // Without the read-back the claim would sit unused until its lease lapsed.
        Assert.Equal(1, _hits);
        Assert.NotNull(next);
        Assert.Single(next.NewEvents, e => e.Type == EventType.ActivityCompleted);
        Assert.Null(await _backend.GetWorkflowTaskAsync(Queues));
        await _backend.ExtendWorkflowTaskAsync(next);
    }

    [Fact]
    public async Task FusedStep_ConnectionLostAfterCommitLanded_ReportsTheCommittedTaskAndItsClaims()
    {
        var (instance, activity, last, result, ranAhead) = await ServerSteps.FusedStepAsync(_backend, "fused-after-commit");
        FailOnceAt(CommitPoint.AfterCommit);

        // Running it again would find the activity gone and report LeaseLostException; reading back shows it landed.
        var outcome = await _backend.CompleteActivityAndWorkflowTaskAsync(activity, result, last, ranAhead, Queues, maxActivities: 1);

        Assert.Equal(1, _hits);
        Assert.True(outcome.Committed);
        var next = Assert.Single(outcome.Activities);
        Assert.Null(await _backend.GetActivityTaskAsync(Queues));
        Assert.Null(await _backend.GetWorkflowTaskAsync(Queues));
        var history = await _backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Equal(ranAhead.ExecutedEvents.Select(e => e.Id), history.Skip((int)last).Select(e => e.Id));
        await _backend.ExtendActivityTaskAsync(next);
    }

    [Fact]
    public async Task SignalWorkflow_ConnectionLostAfterCommitLanded_IsDeliveredOnce()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "signal");
        await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task));
        FailOnceAt(CommitPoint.AfterCommit);

        await _backend.SignalWorkflowAsync("signal", HistoryEvent.Create(DateTimeOffset.UtcNow, new SignalReceivedAttributes("sig", "1")));

        Assert.Equal(1, _hits);
        var next = await _backend.GetWorkflowTaskAsync(Queues) ?? throw new Xunit.Sdk.XunitException("no workflow task");
        Assert.Single(next.NewEvents, e => e.Type == EventType.SignalReceived);
    }

    [Fact]
    public async Task CreateWorkflowInstance_ConnectionLostAfterCommitLanded_IsNotReportedAsAlreadyExisting()
    {
        FailOnceAt(CommitPoint.AfterCommit);
        var started = HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null));

        await _backend.CreateWorkflowInstanceAsync(new WorkflowInstance("create", "e1"), started, null);

        Assert.Equal(1, _hits);
        var task = await _backend.GetWorkflowTaskAsync(Queues) ?? throw new Xunit.Sdk.XunitException("nothing to claim");
        Assert.Single(task.NewEvents);
    }

    /// <summary>
    /// Cancels <paramref name="stop"/> at the first pass through the point where the COMMIT is due, the way a worker's
    /// stop cancels a poll whose claim is on its way to the server.
    /// </summary>
    private void CancelAtCommit(CancellationTokenSource stop)
    {
        _hits = 0;
        SetFaultHook(_backend, p =>
        {
            if (p == CommitPoint.BeforeCommit && _hits++ == 0)
            {
                stop.Cancel();
            }
        });
    }

    [Fact]
    public async Task ClaimWorkflowTask_CancelledWhenItsCommitIsDue_CommitsAndHandsOverTheTask()
    {
        await _backend.CreateWorkflowInstanceAsync(new WorkflowInstance("cancelled-claim", "e1"), HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null)), null);
        using var stop = new CancellationTokenSource();
        CancelAtCommit(stop);

        // A cancelled COMMIT may land unreported (MySqlConnector reports its KILL after the batch ran): the claim's
        // lease would then hold the instance from every worker until it lapsed. So the COMMIT is not cancelled.
        var task = await _backend.GetWorkflowTaskAsync(Queues, stop.Token);

        Assert.True(stop.IsCancellationRequested);
        Assert.NotNull(task);
        Assert.Null(await _backend.GetWorkflowTaskAsync(Queues));
        await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task));
    }

    [Fact]
    public async Task ClaimActivityTask_CancelledWhenItsCommitIsDue_CommitsAndHandsOverTheTask()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "cancelled-activity-claim");
        await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task));
        using var stop = new CancellationTokenSource();
        CancelAtCommit(stop);

        var activity = await _backend.GetActivityTaskAsync(Queues, stop.Token);

        Assert.True(stop.IsCancellationRequested);
        Assert.NotNull(activity);
        Assert.Null(await _backend.GetActivityTaskAsync(Queues));
        await _backend.CompleteActivityTaskAsync(activity, HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1));
    }
}
