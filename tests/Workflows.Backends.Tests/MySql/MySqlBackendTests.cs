using System.Data.Common;
using System.Globalization;
using MySqlConnector;
using Workflows.Backends;
using Workflows.Backends.Tests.Server;
using Workflows.History;
using Workflows.MySql;
using static Workflows.Backends.Tests.Server.SqlCommands;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// What only the MySQL backend has to get right: collation, migrations, error classes; with what every server backend
/// has to (<see cref="ServerBackendTests{TBackend}"/>: the database clock, case-sensitive ids, undecodable rows).
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlBackendTests(MariaDbServer server) : ServerBackendTests<MySqlBackend>
{
    protected override MySqlBackend CreateBackend(BackendOptions? options = null) => server.CreateBackend(options);

    protected override (MySqlBackend Backend, string ConnectionString) OpenWithPoisonRetryDelay(TimeSpan poisonRetryDelay)
    {
        var options = server.CreateOptions() with { PoisonRetryDelay = poisonRetryDelay };
        return (MySqlBackend.Open(server.ConnectionString, options), server.ConnectionStringFor(options.SchemaName!));
    }

    protected override DbConnection Connect(string connectionString) => new MySqlConnection(connectionString);

    protected override string CountSessionsWaitingForThisOne => """
        SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w
        JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
        WHERE b.trx_mysql_thread_id = CONNECTION_ID()
        """;

    private static HistoryEvent Started(DateTimeOffset now) => HistoryEvent.Create(now, new ExecutionStartedAttributes("wf", "default", [], null));

    [MariaDbFact]
    public async Task Open_ManyBackendsMigrateAtOnce_ScriptsRunOnceUnderTheLockWithBinaryCollation()
    {
        var options = server.CreateOptions();
        var backends = Enumerable.Range(0, 4).Select(_ => MySqlBackend.Open(server.ConnectionString, options)).ToList();
        await Task.WhenAll(backends.Select(b => b.GetStatsAsync()));
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }

        await using var db = new MySqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await db.OpenAsync();
        Assert.Equal("1:0001_initial.sql,2:0002_list_indexes.sql", await ScalarAsync(db, "SELECT GROUP_CONCAT(CONCAT(version, ':', script) ORDER BY version) FROM workflows_schema_journal"));
        Assert.Equal("utf8mb4_bin", await ScalarAsync(db, "SELECT GROUP_CONCAT(DISTINCT table_collation) FROM information_schema.tables WHERE table_schema = DATABASE()"));
        Assert.Equal("utf8mb4", await ScalarAsync(db, "SELECT GROUP_CONCAT(DISTINCT character_set_name) FROM information_schema.columns WHERE table_schema = DATABASE() AND character_set_name IS NOT NULL"));
    }

    [MariaDbFact]
    public async Task Open_SchemaHoldingOtherTables_IsRefusedAndLeftUntouched()
    {
        var options = server.CreateOptions();
        await using (var admin = new MySqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await ExecuteAsync(admin, $"CREATE DATABASE `{options.SchemaName}`; CREATE TABLE `{options.SchemaName}`.orders (id INT PRIMARY KEY);");
        }

        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.GetStatsAsync());
        Assert.Contains("belongs to something else", error.Message, StringComparison.Ordinal);

        await using var db = new MySqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await db.OpenAsync();
        Assert.Equal("orders", await ScalarAsync(db, "SELECT GROUP_CONCAT(table_name) FROM information_schema.tables WHERE table_schema = DATABASE()"));
    }

    [MariaDbFact]
    public async Task GetWorkflowTask_UndecodableRow_ParksThatInstanceAndClaimsTheNext()
    {
        var options = server.CreateOptions() with { PoisonRetryDelay = TimeSpan.Zero, PoisonMaxAttempts = 3 };
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("bad", "x"), Started(DateTimeOffset.UtcNow), null);
        await backend.CreateWorkflowInstanceAsync(new WorkflowInstance("good", "y"), Started(DateTimeOffset.UtcNow), null);
        await using (var db = new MySqlConnection(server.ConnectionStringFor(options.SchemaName!)))
        {
            await db.OpenAsync();
            await ExecuteAsync(db, "UPDATE pending_events SET attributes = '{not json' WHERE instance_id = 'bad'");
        }

        // The bad instance is older, so it is met first: it fails alone, backs off, is parked, and the poll goes on.
        var task = await backend.GetWorkflowTaskAsync(["default"]);
        Assert.Equal("good", task?.Instance.InstanceId);
        Assert.Null(await backend.GetWorkflowTaskAsync(["default"]));

        var bad = await backend.GetWorkflowInstanceStateAsync("bad");
        Assert.Equal(WorkflowStatus.Running, bad.Status);
        Assert.Equal(typeof(CorruptRowException).FullName, bad.LastTaskError?.Type);
        Assert.Contains("pending_events", bad.LastTaskError!.Message, StringComparison.Ordinal);
        await using var check = new MySqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await check.OpenAsync();
        Assert.Equal("9999 3", await ScalarAsync(check, "SELECT CONCAT(YEAR(not_before), ' ', task_failures) FROM executions WHERE instance_id = 'bad'"));
    }

    [MariaDbFact]
    public async Task IsTransient_RealDeadlockAndLockWaitTimeout_AreRetriedButDuplicateKeysAreNot()
    {
        var options = server.CreateOptions();
        await using (var backend = MySqlBackend.Open(server.ConnectionString, options))
        {
            await backend.GetStatsAsync();
        }

        string cs = server.ConnectionStringFor(options.SchemaName!);
        await using var setup = new MySqlConnection(cs);
        await setup.OpenAsync();
        await ExecuteAsync(setup, "CREATE TABLE probe (id INT PRIMARY KEY, v INT) ENGINE = InnoDB; INSERT INTO probe VALUES (1, 0), (2, 0);");

        // Deadlock (1213): two transactions lock the same two rows in opposite order.
        await using var a = new MySqlConnection(cs);
        await using var b = new MySqlConnection(cs);
        await a.OpenAsync();
        await b.OpenAsync();
        await ExecuteAsync(a, "START TRANSACTION");
        await ExecuteAsync(b, "START TRANSACTION");
        await ExecuteAsync(a, "UPDATE probe SET v = 1 WHERE id = 1");
        await ExecuteAsync(b, "UPDATE probe SET v = 1 WHERE id = 2");
        var first = ExecuteAsync(a, "UPDATE probe SET v = 2 WHERE id = 2");
        var second = ExecuteAsync(b, "UPDATE probe SET v = 2 WHERE id = 1");
        var failures = new List<MySqlException>();
        foreach (var step in new[] { first, second })
        {
            try
            {
                await step;
            }
            catch (MySqlException ex)
            {
                failures.Add(ex);
            }
        }

        var deadlock = Assert.Single(failures);
        Assert.Equal(MySqlErrorCode.LockDeadlock, deadlock.ErrorCode);
        Assert.True(MySqlBackend.IsTransient(deadlock));
        Assert.False(MySqlBackend.IsConnectionFailure(deadlock));
        await ExecuteAsync(a, "ROLLBACK");
        await ExecuteAsync(b, "ROLLBACK");

        // Lock wait timeout (1205).
        await ExecuteAsync(a, "START TRANSACTION");
        await ExecuteAsync(a, "UPDATE probe SET v = 3 WHERE id = 1");
        await ExecuteAsync(b, "SET SESSION innodb_lock_wait_timeout = 1");
        var timeout = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(b, "UPDATE probe SET v = 4 WHERE id = 1"));
        Assert.Equal(MySqlErrorCode.LockWaitTimeout, timeout.ErrorCode);
        Assert.True(MySqlBackend.IsTransient(timeout));
        await ExecuteAsync(a, "ROLLBACK");

        // A duplicate key is a real error, not a reason to run the transaction again.
        var duplicate = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(b, "INSERT INTO probe VALUES (1, 0)"));
        Assert.False(MySqlBackend.IsTransient(duplicate));
    }

    [MariaDbFact]
    public async Task IsConnectionFailure_ConnectionKilledByTheServer_IsRetried()
    {
        await using var victim = new MySqlConnection(server.ConnectionString);
        await victim.OpenAsync();
        long id = Convert.ToInt64(await ScalarAsync(victim, "SELECT CONNECTION_ID()"), CultureInfo.InvariantCulture);
        await using (var killer = new MySqlConnection(server.ConnectionString))
        {
            await killer.OpenAsync();
            await ExecuteAsync(killer, "KILL " + id.ToString(CultureInfo.InvariantCulture));
        }

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ScalarAsync(victim, "SELECT 1"));
        Assert.True(MySqlBackend.IsConnectionFailure(error), error.ToString());
        Assert.True(MySqlBackend.IsTransient(error));
    }
}
