using System.Diagnostics;
using Workflows.History;

namespace Workflows.Backends.Tests.Server;

/// <summary>
/// The round trips each hot operation of a server backend takes (docs/mysql.md, "Round trips"): on MariaDB and
/// PostgreSQL a step's CPU, client and server alike, follows its round trips more than its statements. Round trips
/// are counted as the provider's own tracing reports them (one activity per command or batch it sends), for the
/// calls made under this test's parent activity only, so tests running beside it do not count.
/// </summary>
public abstract class ServerRoundTripTests<TBackend> : IAsyncLifetime
    where TBackend : IBackend, IEagerDispatchBackend, IFusedStepBackend
{
    private static readonly string[] Queues = ServerSteps.Queues;
    private TBackend _backend = default!;

    /// <summary>A backend on a fresh schema of the subclass's server.</summary>
    protected abstract TBackend CreateBackend();

    /// <summary>The provider's <see cref="ActivitySource"/> name.</summary>
    protected abstract string ProviderSource { get; }

    /// <summary>Whether the provider's activity is a command or batch sent (not a connection being opened).</summary>
    protected abstract bool IsRoundTrip(Activity activity);

    /// <summary>
    /// Whether the backend confirms a locking read that found no row with a plain read (PostgreSQL: its READ COMMITTED
    /// locking reads cannot see a row inserted by the transaction they waited for).
    /// </summary>
    protected abstract bool ConfirmsEmptyLockingReads { get; }

    public Task InitializeAsync()
    {
        _backend = CreateBackend();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task FusedStep_TakesTwoRoundTrips()
    {
        var (instance, activity, last, result, ranAhead) = await ServerSteps.FusedStepAsync(_backend, "fused");

        // BEGIN and the clock read, the execution's lock, the held activity's lock (the fence) and the execution's
        // update; the held activity's delete, the history and the next activity with the COMMIT.
        FusedStepResult outcome = default!;
        var trips = await RoundTripsAsync(async () => outcome = await _backend.CompleteActivityAndWorkflowTaskAsync(activity, result, last, ranAhead, Queues, maxActivities: 1));

        Assert.True(outcome.Committed);
        Assert.Single(outcome.Activities);
        Assert.True(trips.Count == 2, Describe(trips));
        var history = await _backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Equal(ranAhead.ExecutedEvents.Select(e => e.Id), history.Skip((int)last).Select(e => e.Id));
    }

    [Fact]
    public async Task FusedStep_ThatFinishes_StampsTheDatabaseClockReadInItsFirstRoundTrip()
    {
        var (instance, activity, last, result, ranAhead) = await ServerSteps.FusedStepAsync(_backend, "fused-finish");
        var finishing = ranAhead with
        {
            Status = WorkflowStatus.Completed,
            Result = "\"done\"",
            ExecutedEvents = ranAhead.ExecutedEvents.Take(2).ToList(),
            Activities = [],
        };

        // The execution's update names the database clock (the batch reads it); nothing binds a value read before.
        var before = DateTimeOffset.UtcNow;
        FusedStepResult outcome = default!;
        var trips = await RoundTripsAsync(async () => outcome = await _backend.CompleteActivityAndWorkflowTaskAsync(activity, result, last, finishing, Queues, maxActivities: 1));
        var after = DateTimeOffset.UtcNow;

        Assert.True(outcome.Committed);
        Assert.True(trips.Count == 2, Describe(trips));
        var state = await _backend.GetWorkflowInstanceStateAsync(instance.InstanceId);
        Assert.Equal(WorkflowStatus.Completed, state.Status);

        // The server runs on this machine's clock; the margin is for the server's own rounding, not for waiting.
        Assert.NotNull(state.CompletedAt);
        Assert.InRange(state.CompletedAt.Value, before.AddSeconds(-5), after.AddSeconds(5));
    }

    [Fact]
    public async Task FusedStep_WhenTheActivityWasTakenOver_IsFencedInItsFirstRoundTripAndWritesNothing()
    {
        var (instance, activity, last, result, ranAhead) = await ServerSteps.FusedStepAsync(_backend, "fused-fenced");
        var stale = activity with { LockToken = "not-the-holder" };

        var trips = await RoundTripsAsync(() => Assert.ThrowsAsync<LeaseLostException>(
            () => _backend.CompleteActivityAndWorkflowTaskAsync(stale, result, last, ranAhead, Queues, maxActivities: 1)));

        // The batch that begins, whose fence found no row held by the token; the rollback is the second.
        Assert.True(trips.Count == 2, Describe(trips));
        Assert.Equal(last, (await _backend.GetWorkflowInstanceHistoryAsync(instance)).Count);
        Assert.True((await _backend.CompleteActivityAndWorkflowTaskAsync(activity, result, last, ranAhead, Queues, maxActivities: 1)).Committed);
    }

    [Fact]
    public async Task ActivityClaim_TakesThreeRoundTrips()
    {
        var task = await ServerSteps.StartAndClaimAsync(_backend, "activity-claim");
        await _backend.CompleteWorkflowTaskAsync(task, ServerSteps.ScheduleActivity(task));

        // BEGIN with the clock read; the claimable row, locked; the claim with the COMMIT.
        ActivityTask? claimed = null;
        var trips = await RoundTripsAsync(async () => claimed = await _backend.GetActivityTaskAsync(Queues));

        Assert.NotNull(claimed);
        Assert.True(trips.Count == 3, Describe(trips));
        Assert.Null(await _backend.GetActivityTaskAsync(Queues));
        await _backend.ExtendActivityTaskAsync(claimed);
    }

    [Fact]
    public async Task WorkflowTaskClaim_TakesFourRoundTrips()
    {
        var started = HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null));
        await _backend.CreateWorkflowInstanceAsync(new WorkflowInstance("workflow-claim", "e1"), started, null);

        // BEGIN with the clock read; the claimable execution, locked; its pending events; the claim with the COMMIT.
        WorkflowTask? claimed = null;
        var trips = await RoundTripsAsync(async () => claimed = await _backend.GetWorkflowTaskAsync(Queues));

        Assert.NotNull(claimed);
        Assert.Equal(started.Id, Assert.Single(claimed.NewEvents).Id);
        Assert.True(trips.Count == 4, Describe(trips));
        Assert.Null(await _backend.GetWorkflowTaskAsync(Queues));
        await _backend.ExtendWorkflowTaskAsync(claimed);
    }

    [Fact]
    public async Task CreateWorkflowInstance_TakesThreeRoundTripsAndOneToConfirmAnEmptyLockingRead()
    {
        await ServerSteps.StartAndClaimAsync(_backend, "warm-up");
        var started = HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null));

        // BEGIN with the clock read; the latest execution of the id, locked (and on PostgreSQL, as none is found,
        // looked for once more without a lock); the execution and its started event with the COMMIT.
        var trips = await RoundTripsAsync(() => _backend.CreateWorkflowInstanceAsync(new WorkflowInstance("created", "e1"), started, null));

        Assert.True(trips.Count == (ConfirmsEmptyLockingReads ? 4 : 3), Describe(trips));
        Assert.Equal(WorkflowStatus.Running, (await _backend.GetWorkflowInstanceStateAsync("created")).Status);
        Assert.Equal(started.Id, Assert.Single((await _backend.GetWorkflowTaskAsync(Queues))!.NewEvents).Id);
        await Assert.ThrowsAsync<WorkflowInstanceAlreadyExistsException>(() => _backend.CreateWorkflowInstanceAsync(new WorkflowInstance("created", "e2"), started, null));
    }

    [Fact]
    public async Task CreateWorkflowInstance_DuplicateKeyInTheCommitBatch_IsAlreadyExistsAndWritesNothing()
    {
        // A finished execution passes the look for a running one, so reusing its execution id fails only at the
        // insert, which now travels with the COMMIT: the batch stops there and the error names the instance.
        var task = await ServerSteps.StartAndClaimAsync(_backend, "reused");
        var executed = new List<HistoryEvent> { HistoryEvent.Create(DateTimeOffset.UtcNow, new WorkflowTaskStartedAttributes()) };
        executed.AddRange(task.NewEvents);
        await _backend.CompleteWorkflowTaskAsync(task, new WorkflowTaskCompletion
        {
            Status = WorkflowStatus.Completed,
            Result = "\"done\"",
            ExecutedEvents = executed.Select((e, i) => e with { SequenceId = task.LastSequenceId + 1 + i }).ToList(),
            ConsumedEventIds = task.NewEvents.Select(e => e.Id).ToList(),
        });
        var started = HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null));

        var ex = await Assert.ThrowsAsync<WorkflowInstanceAlreadyExistsException>(() => _backend.CreateWorkflowInstanceAsync(task.Instance, started, null));

        Assert.Contains("reused", ex.Message, StringComparison.Ordinal);
        var state = await _backend.GetWorkflowInstanceStateAsync("reused");
        Assert.Equal(WorkflowStatus.Completed, state.Status);
        Assert.Equal("\"done\"", state.Result);
        Assert.Null(await _backend.GetWorkflowTaskAsync(Queues));
    }

    /// <summary>The provider's round trips made by <paramref name="call"/> (and by nothing else running meanwhile).</summary>
    private async Task<List<Activity>> RoundTripsAsync(Func<Task> call)
    {
        var trips = new List<Activity>();
        using var parent = new Activity("round-trip-count");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProviderSource,
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (IsRoundTrip(activity) && activity.Parent is { } p && ReferenceEquals(p, parent))
                {
                    lock (trips)
                    {
                        trips.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        parent.Start();
        try
        {
            await call();
        }
        finally
        {
            parent.Stop();
        }

        lock (trips)
        {
            return [.. trips];
        }
    }

    private static string Describe(List<Activity> trips)
        => $"{trips.Count} round trips:" + string.Concat(trips.Select(t => Environment.NewLine + "  " + (t.GetTagItem("db.query.text") ?? t.GetTagItem("db.statement") ?? "(batch)")));
}
