using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Workflows.Backends;
using Workflows.History;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>What only the PostgreSQL backend has to get right: migrations, the database clock, error classes, wake-ups.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackendTests(PostgresServer server)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static HistoryEvent Started(DateTimeOffset now) => HistoryEvent.Create(now, new ExecutionStartedAttributes("wf", "default", [], null));

    [PostgresFact]
    public async Task CreateWorkflowInstance_IdsDifferingOnlyInCase_AreDifferentInstances()
    {
        await using var backend = server.CreateBackend();
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("order-1", "a"), Started(DateTimeOffset.UtcNow), null);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("Order-1", "b"), Started(DateTimeOffset.UtcNow), null);

        Assert.Equal("a", (await backend.GetWorkflowInstanceStateAsync("order-1")).Instance.ExecutionId);
        Assert.Equal("b", (await backend.GetWorkflowInstanceStateAsync("Order-1")).Instance.ExecutionId);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => backend.GetWorkflowInstanceStateAsync("ORDER-1"));
        Assert.Equal(2, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [PostgresFact]
    public async Task Open_ManyBackendsMigrateAtOnce_ScriptsRunOnceUnderTheLock()
    {
        var options = server.CreateOptions();
        var backends = Enumerable.Range(0, 4).Select(_ => PostgresBackend.Open(server.ConnectionString, options)).ToList();
        await Task.WhenAll(backends.Select(b => b.GetStatsAsync()));
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }

        await using var db = await OpenAsync(options);
        Assert.Equal("1:0001_initial.sql", await ScalarAsync(db, "SELECT string_agg(version || ':' || script, ',') FROM workflows_schema_journal"));
        Assert.Equal(6L, await ScalarAsync(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"));
    }

    [PostgresFact]
    public async Task Open_AfterMigrating_HoldsNoMigrationLockInItsPooledSessions()
    {
        // Work sessions are not reset when they return to the pool, so the migration's session-level advisory lock
        // must not live on in one of them: another session can take it while the backend keeps working.
        var options = server.CreateOptions();
        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("after-migration", "x"), Started(DateTimeOffset.UtcNow), null);

        await using var db = await OpenAsync(options);
        string key = SchemaMigrator.LockKey("workflows.migrate." + options.SchemaName).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(true, await ScalarAsync(db, "SELECT pg_try_advisory_lock(" + key + ")"));
        Assert.Equal(true, await ScalarAsync(db, "SELECT pg_advisory_unlock(" + key + ")"));
        Assert.Equal(1, (await backend.GetStatsAsync()).ActiveInstances);
    }

    [PostgresFact]
    public async Task GetWorkflowTask_BackendClockRunsAhead_LeaseFollowsTheDatabaseClock()
    {
        // The backend's TimeProvider says a day has passed; the database clock says it has not: the lease holds.
        var fake = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = server.CreateBackend(new BackendOptions { TimeProvider = fake, WorkflowLockTimeout = TimeSpan.FromMinutes(5) });
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

    [PostgresFact]
    public async Task ExtendSynchronously_HeldAndForgedLease_RenewsTheHeldOneAndRejectsTheForgedOne()
    {
        await using var backend = server.CreateBackend();
        await Conformance.SynchronousRenewalChecks.RunAsync(backend);
    }

    [PostgresFact]
    public async Task Timer_BackendClockRunsAhead_StaysInvisibleUntilTheDatabaseClockReachesIt()
    {
        var fake = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = server.CreateBackend(new BackendOptions { TimeProvider = fake });
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

    [PostgresFact]
    public async Task IsTransient_RealDeadlockLockTimeoutAndSerializationFailure_AreRetriedButDuplicateKeysAreNot()
    {
        var options = server.CreateOptions();
        await using (var backend = PostgresBackend.Open(server.ConnectionString, options))
        {
            await backend.GetStatsAsync();
        }

        await using var setup = await OpenAsync(options);
        await ExecuteAsync(setup, "CREATE TABLE probe (id INT PRIMARY KEY, v INT); INSERT INTO probe VALUES (1, 0), (2, 0);");

        // Deadlock (40P01): two transactions lock the same two rows in opposite order.
        await using var a = await OpenAsync(options);
        await using var b = await OpenAsync(options);
        await ExecuteAsync(a, "BEGIN; SET LOCAL deadlock_timeout = '100ms'; UPDATE probe SET v = 1 WHERE id = 1");
        await ExecuteAsync(b, "BEGIN; SET LOCAL deadlock_timeout = '100ms'; UPDATE probe SET v = 1 WHERE id = 2");
        var first = ExecuteAsync(a, "UPDATE probe SET v = 2 WHERE id = 2");
        var second = ExecuteAsync(b, "UPDATE probe SET v = 2 WHERE id = 1");
        var failures = new List<PostgresException>();
        foreach (var step in new[] { first, second })
        {
            try
            {
                await step;
            }
            catch (PostgresException ex)
            {
                failures.Add(ex);
            }
        }

        var deadlock = Assert.Single(failures);
        Assert.Equal(PostgresErrorCodes.DeadlockDetected, deadlock.SqlState);
        Assert.True(PostgresBackend.IsTransient(deadlock));
        Assert.False(PostgresBackend.IsConnectionFailure(deadlock));
        await ExecuteAsync(a, "ROLLBACK");
        await ExecuteAsync(b, "ROLLBACK");

        // Lock timeout (55P03).
        await ExecuteAsync(a, "BEGIN; UPDATE probe SET v = 3 WHERE id = 1");
        var timeout = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(b, "SET lock_timeout = '200ms'; UPDATE probe SET v = 4 WHERE id = 1"));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, timeout.SqlState);
        Assert.True(PostgresBackend.IsTransient(timeout));
        await ExecuteAsync(a, "ROLLBACK");
        await ExecuteAsync(b, "RESET lock_timeout");

        // Serialization failure (40001): two SERIALIZABLE transactions that each read what the other writes.
        await ExecuteAsync(a, "BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT SUM(v) FROM probe");
        await ExecuteAsync(b, "BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT SUM(v) FROM probe");
        await ExecuteAsync(a, "UPDATE probe SET v = 5 WHERE id = 1");
        await ExecuteAsync(b, "UPDATE probe SET v = 6 WHERE id = 2");
        await ExecuteAsync(a, "COMMIT");
        var serialization = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(b, "COMMIT"));
        Assert.Equal(PostgresErrorCodes.SerializationFailure, serialization.SqlState);
        Assert.True(PostgresBackend.IsTransient(serialization));

        // A duplicate key is a real error, not a reason to run the transaction again.
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(b, "INSERT INTO probe VALUES (1, 0)"));
        Assert.False(PostgresBackend.IsTransient(duplicate));
    }

    [PostgresFact]
    public async Task IsConnectionFailure_ConnectionTerminatedByTheServer_IsRetried()
    {
        await using var victim = new NpgsqlConnection(server.ConnectionString);
        await victim.OpenAsync();
        int pid = victim.ProcessID;
        await using (var killer = new NpgsqlConnection(server.ConnectionString))
        {
            await killer.OpenAsync();
            await ExecuteAsync(killer, "SELECT pg_terminate_backend(" + pid.ToString(CultureInfo.InvariantCulture) + ")");
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync(victim, "SELECT 1"));
        Assert.True(PostgresBackend.IsConnectionFailure(error), error.ToString());
        Assert.True(PostgresBackend.IsTransient(error));
    }

    [PostgresFact]
    public async Task WaitForWork_WorkCreatedByAnotherProcessesBackend_WakesTheWaiterThroughNotify()
    {
        var options = server.CreateOptions();
        await using var worker = PostgresBackend.Open(server.ConnectionString, options);
        await using var client = PostgresBackend.Open(server.ConnectionString, options);

        // The wait would last an hour without a notification: only NOTIFY can end it within the test's patience.
        var wait = worker.WaitForWorkAsync(WorkKind.Workflow, ["default"], TimeSpan.FromHours(1));
        await WaitUntilAsync(() => worker.ListenSessions == 1);
        Assert.False(wait.IsCompleted);

        await client.CreateWorkflowInstanceAsync(new WorkflowInstance("notified", "x"), Started(DateTimeOffset.UtcNow), null);

        Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(Patience)));
        await wait;
        Assert.NotNull(await worker.GetWorkflowTaskAsync(["default"]));
    }

    [PostgresFact]
    public async Task WaitForWork_ListeningSessionKilled_ReconnectsAndIsWokenAgain()
    {
        var options = server.CreateOptions();
        await using var worker = PostgresBackend.Open(server.ConnectionString, options);
        await using var client = PostgresBackend.Open(server.ConnectionString, options);
        var first = worker.WaitForWorkAsync(WorkKind.Activity, ["default"], TimeSpan.FromHours(1));
        await WaitUntilAsync(() => worker.ListenSessions == 1);

        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            Assert.Equal(1L, await ScalarAsync(admin, $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN %{options.SchemaName}%'"));
        }

        // Losing the session wakes the waiter (it polls while the session is down), and a new session is made.
        Assert.Same(first, await Task.WhenAny(first, Task.Delay(Patience)));
        await WaitUntilAsync(() => worker.ListenSessions == 2);

        var second = worker.WaitForWorkAsync(WorkKind.Workflow, ["default"], TimeSpan.FromHours(1));
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        await client.CreateWorkflowInstanceAsync(new WorkflowInstance("after-reconnect", "x"), Started(DateTimeOffset.UtcNow), null);
        Assert.Same(second, await Task.WhenAny(second, Task.Delay(Patience)));
    }

    [PostgresFact]
    public async Task WaitForWork_ListeningTurnedOff_OpensNoSessionAndFallsBackToPolling()
    {
        var options = server.CreateOptions() with { ListenForWork = false };
        await using var worker = PostgresBackend.Open(server.ConnectionString, options);
        await using var client = PostgresBackend.Open(server.ConnectionString, options);

        await worker.WaitForWorkAsync(WorkKind.Workflow, ["default"], TimeSpan.FromMilliseconds(50));
        await client.CreateWorkflowInstanceAsync(new WorkflowInstance("polled", "x"), Started(DateTimeOffset.UtcNow), null);
        await worker.WaitForWorkAsync(WorkKind.Workflow, ["default"], TimeSpan.FromHours(1)); // the look finds it at once

        Assert.Equal(0, worker.ListenSessions);
        Assert.NotNull(await worker.GetWorkflowTaskAsync(["default"]));
    }

    [PostgresFact]
    public async Task SignalWorkflow_WaitsOnAnExecutionBeingReplaced_LandsOnTheNewExecution()
    {
        var options = server.CreateOptions();
        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("replaced", "old"), Started(DateTimeOffset.UtcNow), null);

        // A transaction replaces the latest execution, as a continue-as-new commit does, and holds its locks.
        await using var replacing = await OpenAsync(options);
        await ExecuteAsync(replacing, """
            BEGIN;
            UPDATE executions SET status = 4, is_latest = FALSE, completed_at = now() WHERE instance_id = 'replaced';
            INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at)
            VALUES ('replaced', 'new', TRUE, 'wf', 'default', 1, now());
            """);

        var signal = backend.SignalWorkflowAsync("replaced", HistoryEvent.Create(DateTimeOffset.UtcNow, new SignalReceivedAttributes("go", null)));
        await WaitUntilAsync(() => signal.IsCompleted || WaitingOnLock(options).GetAwaiter().GetResult());
        Assert.False(signal.IsCompleted);
        await ExecuteAsync(replacing, "COMMIT");
        await signal;

        // The signal's locking read waited for the old row, which is no longer the latest; it still found the new one.
        await using var db = await OpenAsync(options);
        Assert.Equal("new", await ScalarAsync(db, $"SELECT execution_id FROM pending_events WHERE event_type = {(int)EventType.SignalReceived}"));
    }

    private async Task<bool> WaitingOnLock(PostgresBackendOptions options)
    {
        await using var db = await OpenAsync(options);
        return (long)(await ScalarAsync(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FOR SHARE%'"))! > 0;
    }

    [PostgresFact]
    public async Task EagerCompleteActivityTask_UndecodablePendingRow_KeepsTheResultAndLeavesTheClaimToThePoll()
    {
        var options = server.CreateOptions() with { PoisonRetryDelay = TimeSpan.FromHours(1) };
        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
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
        await using var db = await OpenAsync(options);
        await ExecuteAsync(db, $"UPDATE pending_events SET attributes = '{{not json' WHERE instance_id = 'eager-bad' AND event_type = {(int)EventType.SignalReceived}");

        var next = await backend.CompleteActivityTaskAsync(activity, HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityCompletedAttributes("42"), 1), ["default"]);

        // Not claimed, but the result is recorded and the activity is done; the poll meets the bad row and backs off.
        Assert.Null(next);
        Assert.Equal(1L, await ScalarAsync(db, $"SELECT COUNT(*) FROM pending_events WHERE instance_id = 'eager-bad' AND event_type = {(int)EventType.ActivityCompleted}"));
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM activities WHERE instance_id = 'eager-bad'"));
        Assert.Equal(DBNull.Value, await ScalarAsync(db, "SELECT lock_token FROM executions WHERE instance_id = 'eager-bad'"));
        Assert.Null(await backend.GetWorkflowTaskAsync(["default"]));
        Assert.Equal(typeof(CorruptRowException).FullName, (await backend.GetWorkflowInstanceStateAsync("eager-bad")).LastTaskError?.Type);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(PostgresBackendOptions options)
    {
        var db = new NpgsqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await db.OpenAsync();
        return db;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<object?> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
