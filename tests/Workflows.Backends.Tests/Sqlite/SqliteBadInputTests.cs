using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Sqlite;
using Workflows.Worker;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>What the SQLite backend does with input it did not expect: bad rows, bad files, odd ids.</summary>
public sealed class SqliteBadInputTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string DbPath => _dir.File("workflows.db");

    private static SqliteBackendOptions PoisonOptions => new()
    {
        PoisonRetryDelay = TimeSpan.FromMilliseconds(10),
        MaxPoisonRetryDelay = TimeSpan.FromMilliseconds(50),
        PoisonMaxAttempts = 3,
    };

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

    private SqliteConnection RawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private int RawExecute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = RawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private long RawScalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = RawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    private async Task AssertParkedWithCorruptRowAsync(SqliteBackend backend, string instanceId)
    {
        await WaitUntilAsync(
            async () => RawScalar("SELECT task_failures FROM executions WHERE instance_id = $id AND is_latest = 1", ("$id", instanceId)) >= 3,
            $"{instanceId} parked");
        var state = await backend.GetWorkflowInstanceStateAsync(instanceId);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.NotNull(state.LastTaskError);
        Assert.Equal(typeof(CorruptRowException).FullName, state.LastTaskError.Type);
        Assert.Equal(long.MaxValue, RawScalar("SELECT not_before FROM executions WHERE instance_id = $id AND is_latest = 1", ("$id", instanceId)));
        Assert.Equal(3, RawScalar("SELECT task_failures FROM executions WHERE instance_id = $id AND is_latest = 1", ("$id", instanceId)));
    }

    [Fact]
    public async Task CorruptPendingEvent_InstanceIsParkedAndOthersKeepFlowing()
    {
        await using var backend = SqliteBackend.Open(DbPath, PoisonOptions);
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "bad" }, "x");
        var before = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "good-1" }, "a");
        Assert.Equal(1, RawExecute("UPDATE pending_events SET attributes = '{not json at all' WHERE instance_id = 'bad'"));

        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions());
        await worker.StartAsync();

        Assert.Equal("A", await before.GetResultAsync(Timeout));
        await AssertParkedWithCorruptRowAsync(backend, "bad");

        // The poller survived the bad row: new work still runs.
        var after = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "good-2" }, "b");
        Assert.Equal("B", await after.GetResultAsync(Timeout));
        Assert.Empty(await backend.GetWorkflowInstanceHistoryAsync((await backend.GetWorkflowInstanceStateAsync("bad")).Instance));
    }

    [Fact]
    public async Task CorruptHistoryRow_InstanceIsParkedWithoutGrowingHistoryAndOthersKeepFlowing()
    {
        await using var backend = SqliteBackend.Open(DbPath, PoisonOptions);
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

        long historyRows = RawScalar("SELECT COUNT(*) FROM history WHERE instance_id = 'bad'");
        Assert.Equal(1, RawExecute("UPDATE history SET attributes = x'00ff00' WHERE instance_id = 'bad' AND event_type = $type", ("$type", (int)EventType.WorkflowExecutionStarted)));
        await client.SignalWorkflowAsync("bad", "go", "now");

        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions(cache: false));
        await worker.StartAsync();

        await AssertParkedWithCorruptRowAsync(backend, "bad");
        Assert.Equal(historyRows, RawScalar("SELECT COUNT(*) FROM history WHERE instance_id = 'bad'"));
        var other = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "good" }, "ok");
        Assert.Equal("OK", await other.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Open_FileOfRandomBytes_ThrowsNotADatabaseAndLeavesItAlone()
    {
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(DbPath, bytes);

        await using var backend = SqliteBackend.Open(DbPath);
        var ex = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.GetStatsAsync());

        Assert.Equal(UnusableDatabaseReason.NotADatabase, ex.Reason);
        Assert.Contains(DbPath, ex.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(DbPath));
    }

    [Fact]
    public async Task Open_SqliteDatabaseOfSomethingElse_ThrowsForeignSchemaAndLeavesItAlone()
    {
        RawExecute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('ada');");
        byte[] before = await File.ReadAllBytesAsync(DbPath);

        await using var backend = SqliteBackend.Open(DbPath);
        var ex = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.CreateWorkflowInstanceAsync(
            new WorkflowInstance("i", "e"), HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [])), null));

        Assert.Equal(UnusableDatabaseReason.ForeignSchema, ex.Reason);
        Assert.Equal(before, await File.ReadAllBytesAsync(DbPath));
        Assert.Equal(0, RawScalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'executions'"));
    }

    [Fact]
    public async Task Open_DirectoryThatDoesNotExist_ThrowsDirectoryNotFoundNamingIt()
    {
        string missing = Path.Combine(Path.GetDirectoryName(DbPath)!, "no-such-dir");
        await using var backend = SqliteBackend.Open(Path.Combine(missing, "w.db"));

        var ex = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.GetStatsAsync());

        Assert.Equal(UnusableDatabaseReason.DirectoryNotFound, ex.Reason);
        Assert.Contains($"its directory '{missing}' does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task Open_TruncatedDatabase_ReadsAndWritesThrowCorruptNamingTheFile()
    {
        await using (var setup = SqliteBackend.Open(DbPath))
        {
            for (int i = 0; i < 300; i++)
            {
                await setup.CreateWorkflowInstanceAsync(new WorkflowInstance($"i-{i}", "e"), HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [new string('x', 200)])), null);
            }
        }

        // The closed database is whole (no WAL left); cut it after its first pages, as a failed copy would.
        Assert.False(File.Exists(DbPath + "-wal") && new FileInfo(DbPath + "-wal").Length > 0);
        await using (var file = new FileStream(DbPath, FileMode.Open))
        {
            file.SetLength(4 * 4096);
        }

        await using var backend = SqliteBackend.Open(DbPath);
        var read = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.GetWorkflowInstanceHistoryAsync(new WorkflowInstance("i-299", "e")));
        var write = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.CreateWorkflowInstanceAsync(
            new WorkflowInstance("new", "e"), HistoryEvent.Create(DateTimeOffset.UtcNow, new ExecutionStartedAttributes("wf", "default", [])), null));

        Assert.Equal(UnusableDatabaseReason.Corrupt, read.Reason);
        Assert.Equal(UnusableDatabaseReason.Corrupt, write.Reason);
        Assert.Contains(DbPath, read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ReadOnlyFile_ThrowsReadOnly()
    {
        await using (var setup = SqliteBackend.Open(DbPath))
        {
            await setup.GetStatsAsync();
        }

        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(DbPath, FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(DbPath, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        await using var backend = SqliteBackend.Open(DbPath);

        var ex = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.GetStatsAsync());

        Assert.Equal(UnusableDatabaseReason.ReadOnly, ex.Reason);
        Assert.Contains("read-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_SchemaNewerThanTheCode_ThrowsNewerSchemaAndLeavesFileUntouched()
    {
        await using (var setup = SqliteBackend.Open(DbPath))
        {
            await setup.GetStatsAsync();
        }

        RawExecute("INSERT INTO workflows_schema_journal (version, script, applied_at) VALUES (999, '0999_future.sql', 0)");
        byte[] before = SHA256.HashData(await File.ReadAllBytesAsync(DbPath));

        await using (var backend = SqliteBackend.Open(DbPath))
        {
            var ex = await Assert.ThrowsAsync<UnusableDatabaseException>(() => backend.GetStatsAsync());
            Assert.Equal(UnusableDatabaseReason.NewerSchema, ex.Reason);
            Assert.Contains("999", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(DbPath)));
    }

    [Fact]
    public async Task Open_CurrentSchema_IsNotMigratedAgain()
    {
        await using (var first = SqliteBackend.Open(DbPath))
        {
            await first.GetStatsAsync();
        }

        await using (var second = SqliteBackend.Open(DbPath))
        {
            await second.GetStatsAsync();
        }

        // One journal row per script, each applied once.
        Assert.Equal(2, RawScalar("SELECT COUNT(*) FROM workflows_schema_journal"));
        Assert.Equal(2, RawScalar("SELECT MAX(version) FROM workflows_schema_journal"));
        Assert.Equal("wal", RawText("PRAGMA journal_mode"));
    }

    private string RawText(string sql)
    {
        using var connection = RawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    public static TheoryData<string> OddIds => new()
    {
        // The longest id the identifier rules allow, with room for the "-other" twin (longer ones are refused at the client).
        new string('x', InvalidIdentifierException.MaxLength - "-other".Length),
        "O'Brien",
        "'; DROP TABLE executions; --",
        "Robert\"); DELETE FROM history; --",
        "SELECT * FROM pending_events WHERE 1=1",
        "%_\\ wildcard?*",
        "ünïcødé 🚀 id",
        "Order-1",
    };

    [Theory]
    [MemberData(nameof(OddIds))]
    public async Task InstanceId_OddText_IsStoredAndReturnedExactly(string instanceId)
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions());
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        var lower = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = instanceId.ToLowerInvariant() + "-other" }, "lower");

        var handle = await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = instanceId }, instanceId);

        Assert.Equal(instanceId.ToUpperInvariant(), await handle.GetResultAsync(Timeout));
        Assert.Equal("LOWER", await lower.GetResultAsync(Timeout));
        var state = await backend.GetWorkflowInstanceStateAsync(instanceId);
        Assert.Equal(instanceId, state.Instance.InstanceId);
        var listed = await backend.ListWorkflowInstancesAsync(new InstanceQuery());
        Assert.Contains(instanceId, listed.Instances.Select(s => s.Instance.InstanceId));
        Assert.Equal(2, listed.Instances.Count);
        Assert.Equal(6, RawScalar("SELECT COUNT(*) FROM history WHERE instance_id = $id", ("$id", instanceId)));
        await backend.RemoveWorkflowInstanceAsync(instanceId);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => backend.GetWorkflowInstanceStateAsync(instanceId));
        Assert.Equal(WorkflowStatus.Completed, (await backend.GetWorkflowInstanceStateAsync(instanceId.ToLowerInvariant() + "-other")).Status);
    }

    [Fact]
    public async Task InstanceId_DifferentOnlyInCase_AreDifferentInstances()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        var client = new WorkflowClient(backend);

        await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "order-1" }, "a");
        await client.StartWorkflowAsync<string>("Quick", new WorkflowOptions { InstanceId = "Order-1" }, "b");

        Assert.Equal("order-1", (await backend.GetWorkflowInstanceStateAsync("order-1")).Instance.InstanceId);
        Assert.Equal("Order-1", (await backend.GetWorkflowInstanceStateAsync("Order-1")).Instance.InstanceId);
        Assert.Equal(2, (await backend.GetStatsAsync()).ActiveInstances);
    }
}
