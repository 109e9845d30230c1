using System.Globalization;
using Npgsql;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Postgres;
using Workflows.Worker;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>What the PostgreSQL backend does with input it did not expect: bad rows, foreign or newer schemas, odd ids.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputTests(PostgresServer server)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static async Task<string> Quick(WorkflowContext ctx, string text) => await ctx.ExecuteActivityAsync<string>("Upper", null, text);

    private static WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddWorkflow("Quick", Quick)
        .AddActivity("Upper", (string s) => s.ToUpperInvariant());

    private static WorkflowWorkerOptions WorkerOptions(bool cache = true) => new()
    {
        EnableExecutorCache = cache,
        PollInterval = TimeSpan.FromMilliseconds(20),
        WorkflowTaskRetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private PostgresBackendOptions PoisonOptions() => server.CreateOptions() with
    {
        PoisonRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxPoisonRetryDelay = TimeSpan.FromMilliseconds(50),
        PoisonMaxAttempts = 3,
    };

    [PostgresFact]
    public async Task CorruptPendingEvent_InstanceIsParkedAndOthersKeepFlowing()
    {
        var options = PoisonOptions();
        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "bad" }, "x");
        var before = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "good-1" }, "a");
        Assert.Equal(1, await RawExecuteAsync(options, "UPDATE pending_events SET attributes = '{not json at all' WHERE instance_id = 'bad'"));

        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions());
        await worker.StartAsync();

        Assert.Equal("A", await before.GetResultAsync(Timeout));
        await AssertParkedWithCorruptRowAsync(backend, options, "bad");

        // The poller survived the bad row: new work still runs.
        var after = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "good-2" }, "b");
        Assert.Equal("B", await after.GetResultAsync(Timeout));
        Assert.Empty(await backend.GetWorkflowInstanceHistoryAsync((await backend.GetWorkflowInstanceStateAsync("bad")).Instance));
    }

    [PostgresFact]
    public async Task CorruptHistoryRow_InstanceIsParkedWithoutGrowingHistoryAndOthersKeepFlowing()
    {
        var options = PoisonOptions();
        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "bad" }, "x");

        // Commit a first workflow task by hand (no commands), so the instance has history and waits.
        var task = await backend.GetWorkflowTaskAsync(["default"]) ?? throw new InvalidOperationException("no task");
        var executed = new List<HistoryEvent> { HistoryEvent.Create(DateTimeOffset.UtcNow, new WorkflowTaskStartedAttributes()) with { SequenceId = 1 } };
        executed.Add(task.NewEvents[0] with { SequenceId = 2 });
        await backend.CompleteWorkflowTaskAsync(task, new WorkflowTaskCompletion
        {
            Status = WorkflowStatus.Running,
            ExecutedEvents = executed,
            ConsumedEventIds = [task.NewEvents[0].Id],
        });

        long historyRows = await RawScalarAsync(options, "SELECT COUNT(*) FROM history WHERE instance_id = 'bad'");
        Assert.Equal(1, await RawExecuteAsync(options, $"UPDATE history SET attributes = '[1,2' WHERE instance_id = 'bad' AND event_type = {(int)EventType.WorkflowExecutionStarted}"));
        await client.SignalWorkflowAsync("bad", "go", "now");

        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions(cache: false));
        await worker.StartAsync();

        await AssertParkedWithCorruptRowAsync(backend, options, "bad");
        Assert.Equal(historyRows, await RawScalarAsync(options, "SELECT COUNT(*) FROM history WHERE instance_id = 'bad'"));
        var other = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "good" }, "ok");
        Assert.Equal("OK", await other.GetResultAsync(Timeout));
    }

    [PostgresFact]
    public async Task Open_SchemaHoldingOtherTables_IsRefusedAndLeftUntouched()
    {
        var options = server.CreateOptions();
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await PostgresBackendTests.ExecuteAsync(admin, $"CREATE SCHEMA \"{options.SchemaName}\"; CREATE TABLE \"{options.SchemaName}\".orders (id INT PRIMARY KEY);");
        }

        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.GetStatsAsync());
        Assert.Contains("belongs to something else", error.Message, StringComparison.Ordinal);
        Assert.Contains(options.SchemaName!, error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await RawScalarAsync(options, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"));
    }

    [PostgresFact]
    public async Task Open_SchemaNewerThanTheCode_IsRefusedAndLeftUntouched()
    {
        var options = server.CreateOptions();
        await using (var setup = PostgresBackend.Open(server.ConnectionString, options))
        {
            await setup.GetStatsAsync();
        }

        await RawExecuteAsync(options, "INSERT INTO workflows_schema_journal (version, script, applied_at) VALUES (999, '0999_future.sql', now())");

        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => backend.GetStatsAsync());
        Assert.Contains("999", error.Message, StringComparison.Ordinal);

        // The two shipped scripts and the future entry, nothing added or removed.
        Assert.Equal(3L, await RawScalarAsync(options, "SELECT COUNT(*) FROM workflows_schema_journal"));
    }

    [PostgresFact]
    public async Task Open_CurrentSchema_IsNotMigratedAgain()
    {
        var options = server.CreateOptions();
        for (int i = 0; i < 2; i++)
        {
            await using var backend = PostgresBackend.Open(server.ConnectionString, options);
            await backend.GetStatsAsync();
        }

        // One journal entry per shipped script (0001, 0002), written by the first open only.
        Assert.Equal(2L, await RawScalarAsync(options, "SELECT COUNT(*) FROM workflows_schema_journal"));
    }

    [PostgresTheory]
    [InlineData("")]
    [InlineData("has\"quote")]
    [InlineData("a-schema-name-that-is-far-too-long-for-postgresql-identifiers-which-stop-at-63-bytes")]
    public void Open_UnusableSchemaName_ThrowsNamingIt(string schema)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresBackend.Open(server.ConnectionString, new PostgresBackendOptions { SchemaName = schema }));
        Assert.Contains($"'{schema}'", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void Open_MalformedConnectionString_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresBackend.Open("Host=localhost;NoSuchKeyword=1"));
        Assert.Contains("connection string", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task InstanceId_WithNulCharacter_IsRefusedByName()
    {
        await using var backend = server.CreateBackend();
        var started = HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [], null));

        var create = await Assert.ThrowsAsync<ArgumentException>(() => backend.CreateWorkflowInstanceAsync(new WorkflowInstance("nul\0id", "x"), started, null));
        Assert.Contains("nul\\0id", create.Message, StringComparison.Ordinal);
        Assert.Contains("instance id", create.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => backend.GetWorkflowInstanceStateAsync("nul\0id"));
        await Assert.ThrowsAsync<ArgumentException>(() => backend.SignalWorkflowAsync("nul\0id", HistoryEvent.Create(DateTimeOffset.UtcNow, new SignalReceivedAttributes("s", null))));
        Assert.Equal(0, (await backend.GetStatsAsync()).ActiveInstances);
    }

    public static TheoryData<string> OddIds => new()
    {
        // The longest id the identifier rules allow, with room for the "-other" twin (longer ones are refused at the client).
        new string('x', InvalidIdentifierException.MaxLength - "-other".Length),
        "O'Brien",
        "'; DROP TABLE executions; --",
        "Robert\"); DELETE FROM history; --",
        "$1 @instanceId :p ? %s",
        "%_\\ wildcard?*",
        "ünïcødé 🚀 id",
        "Order-1",
    };

    [PostgresTheory]
    [MemberData(nameof(OddIds))]
    public async Task InstanceId_OddText_IsStoredAndReturnedExactly(string instanceId)
    {
        var options = server.CreateOptions();
        await using var backend = PostgresBackend.Open(server.ConnectionString, options);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions());
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var lower = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = instanceId.ToLowerInvariant() + "-other" }, "lower");

        var handle = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = instanceId }, instanceId);

        Assert.Equal(instanceId.ToUpperInvariant(), await handle.GetResultAsync(Timeout));
        Assert.Equal("LOWER", await lower.GetResultAsync(Timeout));
        var state = await backend.GetWorkflowInstanceStateAsync(instanceId);
        Assert.Equal(instanceId, state.Instance.InstanceId);
        Assert.Equal(6L, await RawScalarAsync(options, "SELECT COUNT(*) FROM history WHERE instance_id = @id", instanceId));
        var listed = await backend.ListWorkflowInstancesAsync(new InstanceQuery());
        Assert.Contains(instanceId, listed.Instances.Select(s => s.Instance.InstanceId));
        Assert.Equal(2, listed.Instances.Count);
        await backend.RemoveWorkflowInstanceAsync(instanceId);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => backend.GetWorkflowInstanceStateAsync(instanceId));
        Assert.Equal(WorkflowStatus.Completed, (await backend.GetWorkflowInstanceStateAsync(instanceId.ToLowerInvariant() + "-other")).Status);
    }

    private async Task AssertParkedWithCorruptRowAsync(PostgresBackend backend, PostgresBackendOptions options, string instanceId)
    {
        using (var cts = new CancellationTokenSource(Timeout))
        {
            while (await RawScalarAsync(options, $"SELECT task_failures FROM executions WHERE instance_id = '{instanceId}' AND is_latest") < 3)
            {
                await Task.Delay(10, cts.Token);
            }
        }

        var state = await backend.GetWorkflowInstanceStateAsync(instanceId);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal(typeof(CorruptRowException).FullName, state.LastTaskError?.Type);
        Assert.Equal(9999L, await RawScalarAsync(options, $"SELECT EXTRACT(YEAR FROM not_before AT TIME ZONE 'UTC')::bigint FROM executions WHERE instance_id = '{instanceId}' AND is_latest"));
        Assert.Equal(3L, await RawScalarAsync(options, $"SELECT task_failures FROM executions WHERE instance_id = '{instanceId}' AND is_latest"));
    }

    private async Task<int> RawExecuteAsync(PostgresBackendOptions options, string sql)
    {
        await using var db = new NpgsqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<long> RawScalarAsync(PostgresBackendOptions options, string sql, string? id = null)
    {
        await using var db = new NpgsqlConnection(server.ConnectionStringFor(options.SchemaName!));
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("id", id);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
