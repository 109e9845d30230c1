using System.Data.Common;
using System.Globalization;
using Npgsql;
using Workflows.Backends;
using Workflows.Backends.Tests.Server;
using Workflows.History;
using Workflows.Postgres;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>
/// What only the PostgreSQL backend has to get right: migrations, error classes, wake-ups; with what every server
/// backend has to (<see cref="ServerBackendTests{TBackend}"/>: the database clock, case-sensitive ids, undecodable rows).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBackendTests(PostgresServer server) : ServerBackendTests<PostgresBackend>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected override PostgresBackend CreateBackend(BackendOptions? options = null) => server.CreateBackend(options);

    protected override (PostgresBackend Backend, string ConnectionString) OpenWithPoisonRetryDelay(TimeSpan poisonRetryDelay)
    {
        var options = server.CreateOptions() with { PoisonRetryDelay = poisonRetryDelay };
        return (PostgresBackend.Open(server.ConnectionString, options), server.ConnectionStringFor(options.SchemaName!));
    }

    protected override DbConnection Connect(string connectionString) => new NpgsqlConnection(connectionString);

    protected override string CountSessionsWaitingForThisOne => "SELECT COUNT(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))";

    private static HistoryEvent Started(DateTimeOffset now) => HistoryEvent.Create(now, new ExecutionStartedAttributes("wf", "default", [], null));

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
        Assert.Equal("1:0001_initial.sql,2:0002_list_indexes.sql", await ScalarAsync(db, "SELECT string_agg(version || ':' || script, ',' ORDER BY version) FROM workflows_schema_journal"));
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

    // Also used by the other PostgreSQL test classes.
    internal static Task ExecuteAsync(NpgsqlConnection db, string sql) => SqlCommands.ExecuteAsync(db, sql);

    internal static Task<object?> ScalarAsync(NpgsqlConnection db, string sql) => SqlCommands.ScalarAsync(db, sql);
}
