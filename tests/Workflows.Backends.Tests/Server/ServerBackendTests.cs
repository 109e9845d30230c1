using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Workflows.History;
using static Workflows.Backends.Tests.Server.SqlCommands;

namespace Workflows.Backends.Tests.Server;

/// <summary>
/// What every server backend (MySQL, PostgreSQL) has to get right beyond the conformance suite: case-sensitive ids,
/// synchronous renewal, the database clock, an undecodable row met by eager dispatch. Each subclass runs these on its
/// own server and adds what only its backend has (migrations, error classes, wake-ups).
/// </summary>
public abstract class ServerBackendTests<TBackend>
    where TBackend : IBackend, IEagerDispatchBackend
{
    /// <summary>A backend on a fresh schema of the subclass's server.</summary>
    protected abstract TBackend CreateBackend(BackendOptions? options = null);

    /// <summary>
    /// A backend on a fresh schema whose poison back-off starts at <paramref name="poisonRetryDelay"/>, and the
    /// connection string of that schema.
    /// </summary>
    protected abstract (TBackend Backend, string ConnectionString) OpenWithPoisonRetryDelay(TimeSpan poisonRetryDelay);

    protected abstract DbConnection Connect(string connectionString);

    /// <summary>
    /// A query, run on a connection, that counts the sessions waiting for a lock that connection holds. MariaDB's lock
    /// views are a cache, refreshed only when it was last read more than 0.1 s before, so callers poll it slower.
    /// </summary>
    protected abstract string CountSessionsWaitingForThisOne { get; }

    private static HistoryEvent Started(DateTimeOffset now) => HistoryEvent.Create(now, new ExecutionStartedAttributes("wf", "default", [], null));

    [Fact]
    public async Task CreateWorkflowInstance_IdsDifferingOnlyInCase_AreDifferentInstances()
    {
        await using var backend = CreateBackend();
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("order-1", "a"), Started(DateTimeOffset.UtcNow), null);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("Order-1", "b"), Started(DateTimeOffset.UtcNow), null);

        Assert.Equal("a", (await backend.GetWorkflowInstanceStateAsync("order-1")).Instance.ExecutionId);
        Assert.Equal("b", (await backend.GetWorkflowInstanceStateAsync("Order-1")).Instance.ExecutionId);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => backend.GetWorkflowInstanceStateAsync("ORDER-1"));
        Assert.Equal(2, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task ExtendSynchronously_HeldAndForgedLease_RenewsTheHeldOneAndRejectsTheForgedOne()
    {
        await using var backend = CreateBackend();
        await Conformance.SynchronousRenewalChecks.RunAsync(backend);
    }

    [Fact]
    public async Task GetWorkflowTask_BackendClockRunsAhead_LeaseFollowsTheDatabaseClock()
    {
        // The backend's TimeProvider says a day has passed; the database clock says it has not: the lease holds.
        var fake = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = CreateBackend(new BackendOptions { TimeProvider = fake, WorkflowLockTimeout = TimeSpan.FromMinutes(5) });
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("lease", "x"), Started(fake.GetUtcNow()), null);
        var task = await backend.GetWorkflowTaskAsync(["default"]);
        Assert.NotNull(task);

        fake.Advance(TimeSpan.FromDays(1));
        Assert.Null(await backend.GetWorkflowTaskAsync(["default"]));

        // Renewals in quick succession count matched rows, so the second is not mistaken for a lost lease.
        await backend.ExtendWorkflowTaskAsync(task);
        await backend.ExtendWorkflowTaskAsync(task);
        await backend.ExtendWorkflowTaskAsync(task);
    }

    [Fact]
    public async Task Timer_BackendClockRunsAhead_StaysInvisibleUntilTheDatabaseClockReachesIt()
    {
        var fake = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = CreateBackend(new BackendOptions { TimeProvider = fake });
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("timer", "x"), Started(fake.GetUtcNow()), null);
        var task = (await backend.GetWorkflowTaskAsync(["default"]))!;
        var due = DateTimeOffset.UtcNow.AddHours(1);
        var executed = new List<HistoryEvent> { HistoryEvent.Create(fake.GetUtcNow(), new WorkflowTaskStartedAttributes()) };
        executed.AddRange(task.NewEvents);
        executed.Add(HistoryEvent.Create(fake.GetUtcNow(), new TimerScheduledAttributes(due), 1));
        await backend.CompleteWorkflowTaskAsync(task, new WorkflowTaskCompletion
        {
            Status = WorkflowStatus.Running,
            ExecutedEvents = executed.Select((e, i) => e with { SequenceId = i + 1 }).ToList(),
            ConsumedEventIds = task.NewEvents.Select(e => e.Id).ToList(),
            Timers = [HistoryEvent.Create(fake.GetUtcNow(), new TimerFiredAttributes(due), 1, visibleAt: due)],
        });

        fake.Advance(TimeSpan.FromDays(1));
        Assert.Null(await backend.GetWorkflowTaskAsync(["default"]));
        Assert.Empty((await backend.GetStatsAsync()).PendingWorkflowTasks);
    }

    [Fact]
    public async Task EagerCompleteActivityTask_UndecodablePendingRow_KeepsTheResultAndLeavesTheClaimToThePoll()
    {
        var (opened, connectionString) = OpenWithPoisonRetryDelay(TimeSpan.FromHours(1));
        await using var backend = opened;
        var instance = new WorkflowInstance("eager-bad", "x");
        await backend.CreateWorkflowInstanceAsync(instance, Started(DateTimeOffset.UtcNow), null);
        var task = await backend.GetWorkflowTaskAsync(["default"]) ?? throw new Xunit.Sdk.XunitException("nothing to claim");
        var scheduled = HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityScheduledAttributes("act", "default", ["1"]), 1);
        var executed = new List<HistoryEvent> { HistoryEvent.Create(DateTimeOffset.UtcNow, new WorkflowTaskStartedAttributes()) };
        executed.AddRange(task.NewEvents);
        executed.Add(scheduled);
        var activity = Assert.Single(await backend.CompleteWorkflowTaskAsync(
            task,
            new WorkflowTaskCompletion
            {
                Status = WorkflowStatus.Running,
                ExecutedEvents = executed.Select((e, i) => e with { SequenceId = task.LastSequenceId + 1 + i }).ToList(),
                ConsumedEventIds = task.NewEvents.Select(e => e.Id).ToList(),
                Activities = [scheduled],
            },
            ["default"],
            maxActivities: 1));
        await backend.SignalWorkflowAsync("eager-bad", HistoryEvent.Create(DateTimeOffset.UtcNow, new SignalReceivedAttributes("sig", "1")));
        await using var db = Connect(connectionString);
        await db.OpenAsync();
        await ExecuteAsync(db, $"UPDATE pending_events SET attributes = '{{not json' WHERE instance_id = 'eager-bad' AND event_type = {(int)EventType.SignalReceived}");

        var next = await backend.CompleteActivityTaskAsync(activity, HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1), ["default"]);

        // Not claimed, but the result is recorded and the activity is done; the poll meets the bad row and backs off.
        Assert.Null(next);
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync(db, $"SELECT COUNT(*) FROM pending_events WHERE instance_id = 'eager-bad' AND event_type = {(int)EventType.ActivityCompleted}"), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync(db, "SELECT COUNT(*) FROM activities WHERE instance_id = 'eager-bad'"), CultureInfo.InvariantCulture));
        Assert.Equal(DBNull.Value, await ScalarAsync(db, "SELECT lock_token FROM executions WHERE instance_id = 'eager-bad'"));
        Assert.Null(await backend.GetWorkflowTaskAsync(["default"]));
        Assert.Equal(typeof(CorruptRowException).FullName, (await backend.GetWorkflowInstanceStateAsync("eager-bad")).LastTaskError?.Type);
    }

    [Fact]
    public async Task ResumeWorkflowInstance_InstanceFinishesWhileTheResumeRuns_ReportsItFinished()
    {
        var (resume, _) = await ResumeWhileAnotherSessionCommitsAsync(
            $"UPDATE executions SET status = {(int)WorkflowStatus.Completed} WHERE instance_id = 'resume-race'");

        var finished = await Assert.ThrowsAsync<WorkflowAlreadyFinishedException>(() => resume);
        Assert.Equal(WorkflowStatus.Completed, finished.Status);
        Assert.Equal("resume-race", finished.InstanceId);
    }

    [Fact]
    public async Task ResumeWorkflowInstance_InstanceContinuesAsNewWhileTheResumeRuns_ResumesTheNewExecution()
    {
        var (resume, connectionString) = await ResumeWhileAnotherSessionCommitsAsync(
            $"UPDATE executions SET status = {(int)WorkflowStatus.ContinuedAsNew}, is_latest = FALSE WHERE instance_id = 'resume-race'",
            "INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, not_before, task_failures) "
                + $"VALUES ('resume-race', 'y', TRUE, 'wf', 'default', {(int)WorkflowStatus.Running}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP + INTERVAL '1' DAY, 4)");

        await resume;
        await using var db = Connect(connectionString);
        await db.OpenAsync();
        Assert.Equal("y|0|True", await ScalarAsync(db, "SELECT execution_id FROM executions WHERE instance_id = 'resume-race' AND status = 1") + "|"
            + await ScalarAsync(db, "SELECT task_failures FROM executions WHERE execution_id = 'y'") + "|"
            + (await ScalarAsync(db, "SELECT not_before FROM executions WHERE execution_id = 'y'") is DBNull));
    }

    /// <summary>
    /// Creates the running instance <c>resume-race</c> (execution <c>x</c>) and resumes it while another session runs
    /// <paramref name="statements"/> in a transaction that commits only once the resume waits for a row it holds: the
    /// resume read the instance as it was, and its update meets it changed. Returns the resume, finished, and the
    /// connection string of the backend's schema.
    /// </summary>
    private async Task<(Task Resume, string ConnectionString)> ResumeWhileAnotherSessionCommitsAsync(params string[] statements)
    {
        // The one factory that also gives the schema's connection string; the poison delay plays no part here.
        var (opened, connectionString) = OpenWithPoisonRetryDelay(TimeSpan.FromHours(1));
        await using var backend = opened;
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("resume-race", "x"), Started(DateTimeOffset.UtcNow), null);
        await using var other = Connect(connectionString);
        await other.OpenAsync();
        await ExecuteAsync(other, "START TRANSACTION");
        foreach (string statement in statements)
        {
            await ExecuteAsync(other, statement);
        }

        var resume = backend.ResumeWorkflowInstanceAsync("resume-race");
        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!resume.IsCompleted && Convert.ToInt64(await ScalarAsync(other, CountSessionsWaitingForThisOne), CultureInfo.InvariantCulture) == 0)
            {
                await Task.Delay(200, patience.Token);
            }
        }

        Assert.False(resume.IsCompleted, "the resume finished without waiting for the row the other session holds");
        await ExecuteAsync(other, "COMMIT");
        await resume.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return (resume, connectionString);
    }
}
