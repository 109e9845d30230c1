using System.Reflection;
using System.Text.Json;
using Workflows.Backends.Tests.MySql;
using Workflows.Backends.Tests.Sqlite;
using Workflows.Cli;
using Workflows.Client;
using Workflows.Sqlite;
using Workflows.Tests.Shared;
using Workflows.Worker;

namespace Workflows.Backends.Tests.Cli;

/// <summary>The <c>workflows</c> tool, run in-process as a user runs it, against a real SQLite file.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string DbPath => _dir.File("workflows.db");

    internal static async Task<(int Code, string Out, string Err)> RunCli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private Task<(int Code, string Out, string Err)> Cli(params string[] args) => RunCli([.. args, "--connection", DbPath]);

    private static async Task<int> WaitForGo(WorkflowContext ctx, int start)
    {
        // A cancellation ends the wait: the day-long timer on the context's token is cancelled with it.
        int value = 0;
        await ctx.Select()
            .OnReceive(ctx.Signals<int>("go"), v => value = v)
            .OnTask(ctx.DelayAsync(TimeSpan.FromDays(1), ctx.CancellationToken))
            .RunAsync();
        ctx.CancellationToken.ThrowIfCancellationRequested();
        return start + value;
    }

    private static async Task<string> Quick(WorkflowContext ctx, string text) => await ctx.ExecuteActivityAsync<string>("Upper", null, text);

    private static WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddWorkflow("WaitForGo", WaitForGo)
        .AddWorkflow("Quick", Quick)
        .AddActivity("Upper", (string s) => s.ToUpperInvariant());

    private static WorkflowWorkerOptions WorkerOptions => new() { PollInterval = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task List_InstancesInEveryState_NewestFirstAndFilteredByStatus()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "done-1" }, "a");
        await client.WaitForCompletionAsync("done-1", Timeout);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "waiting-1" }, 1);

        var all = await Cli("list");
        Assert.Equal(ExitCodes.Success, all.Code);
        Assert.True(all.Out.IndexOf("waiting-1", StringComparison.Ordinal) < all.Out.IndexOf("done-1", StringComparison.Ordinal), all.Out);
        Assert.Contains("2 instance(s).", all.Out, StringComparison.Ordinal);

        var completed = await Cli("list", "--status", "completed");
        Assert.Contains("done-1", completed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("waiting-1", completed.Out, StringComparison.Ordinal);

        var json = await Cli("list", "--json", "--limit", "1");
        using var document = JsonDocument.Parse(json.Out);
        var instances = document.RootElement.GetProperty("instances");
        Assert.Equal(1, instances.GetArrayLength());
        Assert.Equal("waiting-1", instances[0].GetProperty("instanceId").GetString());
        Assert.Equal("running", instances[0].GetProperty("status").GetString());

        // The cursor the first page printed continues the listing where it stopped.
        var next = await Cli("list", "--json", "--cursor", document.RootElement.GetProperty("nextCursor").GetString()!);
        using var second = JsonDocument.Parse(next.Out);
        Assert.Equal("done-1", second.RootElement.GetProperty("instances")[0].GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Show_FinishedInstance_PrintsResultAndHistory()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "shown" }, "hello");
        await client.WaitForCompletionAsync("shown", Timeout);

        var text = await Cli("show", "shown");
        Assert.Equal(ExitCodes.Success, text.Code);
        Assert.Contains("Status:     completed", text.Out, StringComparison.Ordinal);
        Assert.Contains("\"HELLO\"", text.Out, StringComparison.Ordinal);
        Assert.Contains("ActivityScheduled", text.Out, StringComparison.Ordinal);
        Assert.Contains("WorkflowExecutionFinished", text.Out, StringComparison.Ordinal);

        var json = await Cli("show", "shown", "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal("Quick", document.RootElement.GetProperty("state").GetProperty("workflowName").GetString());
        var history = await client.GetHistoryAsync("shown");
        Assert.Equal(history.Count, document.RootElement.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Show_LimitAndAfter_PrintsOnePageAndWhereTheNextStarts()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "paged" }, "hello");
        await client.WaitForCompletionAsync("paged", Timeout);
        var history = await client.GetHistoryAsync("paged");
        Assert.True(history.Count > 3);

        var first = await Cli("show", "paged", "--limit", "2", "--json");
        Assert.Equal(ExitCodes.Success, first.Code);
        using var firstPage = JsonDocument.Parse(first.Out);
        Assert.Equal([1L, 2L], firstPage.RootElement.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("sequenceId").GetInt64()));
        Assert.Equal(2, firstPage.RootElement.GetProperty("nextAfter").GetInt64());

        var rest = await Cli("show", "paged", "--after", "2", "--json");
        using var restPage = JsonDocument.Parse(rest.Out);
        Assert.Equal(history.Skip(2).Select(e => e.SequenceId), restPage.RootElement.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("sequenceId").GetInt64()));
        Assert.Equal(JsonValueKind.Null, restPage.RootElement.GetProperty("nextAfter").ValueKind);

        var text = await Cli("show", "paged", "--limit", "3");
        Assert.Contains("3 event(s); more with --after 3", text.Out, StringComparison.Ordinal);

        var bad = await Cli("show", "paged", "--limit", "0");
        Assert.Equal(ExitCodes.Usage, bad.Code);
        Assert.Contains("--limit", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executions_ContinuedAsNew_ListsEachExecutionNewestFirst()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        var registry = new WorkflowRegistry().AddWorkflow("Twice", async (WorkflowContext ctx, int round) =>
        {
            await ctx.DelayAsync(TimeSpan.FromMilliseconds(1));
            return round < 1 ? throw ctx.ContinueAsNew(round + 1) : round;
        });
        await using var worker = new WorkflowWorker(backend, registry, WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Twice", new WorkflowOptions { InstanceId = "twice" }, 0);
        Assert.Equal(1, await client.GetResultAsync<int>("twice", Timeout));

        var result = await Cli("executions", "twice", "--json");
        Assert.Equal(ExitCodes.Success, result.Code);
        using var document = JsonDocument.Parse(result.Out);
        var statuses = document.RootElement.GetProperty("instances").EnumerateArray().Select(e => e.GetProperty("status").GetString());
        Assert.Equal(["completed", "continuedasnew"], statuses);
    }

    [Fact]
    public async Task Show_UnknownInstance_FailsNamingIt()
    {
        (await Cli("migrate")).AssertSuccess();
        var result = await Cli("show", "no-such-instance");
        Assert.Equal(ExitCodes.Failed, result.Code);
        Assert.Contains("no-such-instance", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task AnyCommand_MissingSqliteFile_FailsWithoutCreatingIt()
    {
        var result = await Cli("list");
        Assert.Equal(ExitCodes.Failed, result.Code);
        Assert.Contains(DbPath, result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(DbPath));
    }

    [Fact]
    public async Task Signal_JsonValue_ReachesTheWaitingWorkflow()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "signaled" }, 100);

        var result = await Cli("signal", "signaled", "go", "23");
        Assert.Equal(ExitCodes.Success, result.Code);
        Assert.Equal(123, await client.GetResultAsync<int>("signaled", Timeout));
    }

    [Fact]
    public async Task Signal_ValueThatIsNotJson_IsRefusedAndNothingIsWritten()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "kept" }, 1);

        var result = await Cli("signal", "kept", "go", "twenty-three");
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("not JSON", result.Err, StringComparison.Ordinal);

        // The refused signal never reached the instance: a worker now finds no signal and the workflow waits on.
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        await client.SignalWorkflowAsync("kept", "go", 2);
        Assert.Equal(3, await client.GetResultAsync<int>("kept", Timeout));
    }

    [Fact]
    public async Task CancelTerminateRemove_ActOnTheNamedInstances()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "to-cancel" }, 1);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "to-terminate" }, 1);

        Assert.Equal(ExitCodes.Success, (await Cli("cancel", "to-cancel")).Code);
        await Assert.ThrowsAsync<WorkflowCanceledException>(() => client.WaitForCompletionAsync("to-cancel", Timeout));
        Assert.Equal(WorkflowStatus.Canceled, (await client.GetStateAsync("to-cancel")).Status);

        Assert.Equal(ExitCodes.Success, (await Cli("terminate", "to-terminate", "--reason", "ops said so")).Code);
        var terminated = await client.GetStateAsync("to-terminate");
        Assert.Equal(WorkflowStatus.Terminated, terminated.Status);
        Assert.Contains("ops said so", terminated.Error?.Message, StringComparison.Ordinal);

        // A finished instance can be removed once; a second removal names the missing instance.
        Assert.Equal(ExitCodes.Success, (await Cli("remove", "to-cancel")).Code);
        var again = await Cli("remove", "to-cancel");
        Assert.Equal(ExitCodes.Failed, again.Code);
        Assert.Contains("to-cancel", again.Err, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => client.GetStateAsync("to-cancel"));

        // Cancelling what already finished is an error with a reason, not a silent success.
        var late = await Cli("cancel", "to-terminate");
        Assert.Equal(ExitCodes.Failed, late.Code);
        Assert.Contains("to-terminate", late.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListBlockedThenResume_BlockedInstanceRunsAgainAtOnce()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "stuck" }, "x");
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "fine" }, "y");

        // The task of "stuck" (claimed first: claims go oldest first) failed and was put off for an hour, as a worker
        // does after non-determinism.
        var task = await backend.GetWorkflowTaskAsync(["default"]) ?? throw new Xunit.Sdk.XunitException("no task");
        Assert.Equal("stuck", task.Instance.InstanceId);
        await backend.AbandonWorkflowTaskAsync(task, new WorkflowError("Workflows.NonDeterminismException", "recorded ActivityScheduled A, produced B"), TimeSpan.FromHours(1));

        var blocked = await Cli("list", "--blocked", "--json");
        using (var document = JsonDocument.Parse(blocked.Out))
        {
            var only = Assert.Single(document.RootElement.GetProperty("instances").EnumerateArray());
            Assert.Equal("stuck", only.GetProperty("instanceId").GetString());
        }

        Assert.Equal(ExitCodes.Success, (await Cli("resume", "stuck")).Code);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        Assert.Equal("X", await client.GetResultAsync<string>("stuck", Timeout));
        Assert.Empty(JsonDocument.Parse((await Cli("list", "--blocked", "--json")).Out).RootElement.GetProperty("instances").EnumerateArray());

        var finished = await Cli("resume", "stuck");
        Assert.Equal(ExitCodes.Failed, finished.Code);
        Assert.Contains("stuck", finished.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_FinishedBefore_RemovesOnlyFinishedInstances()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "old" }, "x");
        await client.WaitForCompletionAsync("old", Timeout);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "still-running" }, 1);

        Assert.Equal(ExitCodes.Usage, (await Cli("purge")).Code);
        var result = await Cli("purge", "--finished-before", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.Success, result.Code);
        Assert.Contains("Removed 1 instance(s)", result.Out, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => client.GetStateAsync("old"));
        Assert.Equal(WorkflowStatus.Running, (await client.GetStateAsync("still-running")).Status);
    }

    [Fact]
    public async Task AutoExpire_StartsTheRetentionInstance_AndStopEndsIt()
    {
        (await Cli("migrate")).AssertSuccess();
        Assert.Equal(ExitCodes.Usage, (await Cli("auto-expire")).Code);
        Assert.Equal(ExitCodes.Success, (await Cli("auto-expire", "--retention", "30.00:00:00", "--interval", "00:10:00")).Code);

        await using var backend = SqliteBackend.Open(DbPath);
        var client = new WorkflowClient(backend);
        var started = await client.GetStateAsync("workflows.auto-expiration");
        Assert.Equal(WorkflowStatus.Running, started.Status);
        Assert.Equal("Workflows.AutoExpiration", started.WorkflowName);

        // Any worker runs it, without registering anything; its first round records the settings given.
        await using var worker = new WorkflowWorker(backend, new WorkflowRegistry(), WorkerOptions);
        await worker.StartAsync();
        var history = await client.GetHistoryAsync("workflows.auto-expiration");
        using (var wait = new CancellationTokenSource(Timeout))
        {
            while (history.Count == 0)
            {
                await Task.Delay(20, wait.Token);
                history = await client.GetHistoryAsync("workflows.auto-expiration");
            }
        }

        var inputs = history.Select(e => e.Attributes).OfType<History.ExecutionStartedAttributes>().Single().Inputs;
        Assert.Equal([TimeSpan.FromDays(30).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(10).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)], inputs);

        Assert.Equal(ExitCodes.Success, (await Cli("auto-expire", "--stop")).Code);
        Assert.Equal(WorkflowStatus.Terminated, (await client.GetStateAsync("workflows.auto-expiration")).Status);
    }

    [Fact]
    public async Task ExportHistory_WritesWhatTheReplayerReads()
    {
        await using var backend = SqliteBackend.Open(DbPath);
        await using var worker = new WorkflowWorker(backend, Registry(), WorkerOptions);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("Quick", new WorkflowOptions { InstanceId = "exported" }, "x");
        await client.WaitForCompletionAsync("exported", Timeout);

        string file = _dir.File("exported.json");
        Assert.Equal(ExitCodes.Success, (await Cli("export-history", "exported", "--output", file)).Code);
        var results = await new Testing.WorkflowReplayer(Registry()).ReplayFilesAsync([file]);
        Assert.True(Assert.Single(results).IsSuccess, results[0].ToString());
    }

    [Fact]
    public async Task Migrate_NewFile_CreatesTheSchema_AndPrintShowsTheScripts()
    {
        var applied = await Cli("migrate");
        Assert.Equal(ExitCodes.Success, applied.Code);
        Assert.True(File.Exists(DbPath));
        Assert.Contains("version 2", applied.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, (await Cli("list")).Code);

        var printed = await RunCli("migrate", "--print", "--backend", "postgres", "--connection", "Host=unused");
        Assert.Equal(ExitCodes.Success, printed.Code);
        Assert.Contains("CREATE TABLE", printed.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Replay_BuiltSampleAssembly_PassesItsOwnHistoriesAndNamesAChangedOne()
    {
        string simple = typeof(CliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SimpleSamplePath").Value!;
        var run = await ChildProcess.RunAsync(_dir.Path, "dotnet", [simple, "--db", DbPath], Timeout);
        Assert.True(run.ExitCode == 0, run.Output);

        var ok = await Cli("replay", "--assembly", simple, "--status", "any");
        Assert.True(ok.Code == ExitCodes.Success, ok.Out + ok.Err);
        Assert.Contains("All 1 execution(s) replay", ok.Out, StringComparison.Ordinal);

        // The same workflow name with steps in another order: the sample's code cannot reproduce this history.
        await using (var backend = SqliteBackend.Open(DbPath))
        {
            var changed = new WorkflowRegistry()
                .AddWorkflow("Workflow1", async (WorkflowContext ctx, string message) => await ctx.ExecuteActivityAsync<int>("Activity2", null) + message.Length)
                .AddActivity("Activity2", () => 12);
            await using var worker = new WorkflowWorker(backend, changed, WorkerOptions);
            await worker.StartAsync();
            var client = new WorkflowClient(backend);
            await client.StartWorkflowAsync("Workflow1", new WorkflowOptions { InstanceId = "changed" }, "hi");
            await client.WaitForCompletionAsync("changed", Timeout);
        }

        var broken = await Cli("replay", "--assembly", simple, "--status", "any", "--json");
        Assert.Equal(ExitCodes.ReplayMismatch, broken.Code);
        using var document = JsonDocument.Parse(broken.Out);
        var failed = Assert.Single(document.RootElement.EnumerateArray(), r => !r.GetProperty("ok").GetBoolean());
        Assert.StartsWith("changed ", failed.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.True(failed.GetProperty("nonDeterminism").GetBoolean());
        Assert.Contains("Activity2", failed.GetProperty("recorded").GetString(), StringComparison.Ordinal);
        Assert.Contains("Activity1", failed.GetProperty("produced").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_AssemblyWithoutWorkflows_FailsSayingSo()
    {
        (await Cli("migrate")).AssertSuccess();
        var result = await Cli("replay", "--assembly", typeof(JsonDocument).Assembly.Location);
        Assert.Equal(ExitCodes.Failed, result.Code);
        Assert.Contains("No generated workflow registration", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("show")]
    [InlineData("list", "--limit", "many")]
    [InlineData("list", "--backend", "oracle")]
    public async Task BadCommandLine_ExitsWithUsageCode(params string[] args)
    {
        var result = await RunCli(args);
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("--help", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("show")]
    [InlineData("executions")]
    [InlineData("export-history")]
    [InlineData("signal")]
    [InlineData("cancel")]
    [InlineData("terminate")]
    [InlineData("resume")]
    [InlineData("remove")]
    [InlineData("purge")]
    [InlineData("auto-expire")]
    [InlineData("replay")]
    [InlineData("migrate")]
    public async Task EveryCommand_Help_DescribesIt(string command)
    {
        var result = await RunCli(command, "--help");
        Assert.Equal(ExitCodes.Success, result.Code);
        Assert.Contains($"workflows {command}", result.Out, StringComparison.Ordinal);
        Assert.Contains("--connection", result.Out, StringComparison.Ordinal);
    }
}

/// <summary>The tool on MariaDB: the same commands over a connection string.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class CliMySqlTests(MariaDbServer server)
{
    [MariaDbFact]
    public async Task ListShowSignal_OnMariaDb_WorkOverAConnectionString()
    {
        string schema = "cli_" + Guid.NewGuid().ToString("N")[..8];
        await using var backend = Workflows.MySql.MySqlBackend.Open(server.ConnectionString, new Workflows.MySql.MySqlBackendOptions { SchemaName = schema });
        var registry = new WorkflowRegistry().AddWorkflow("WaitForGo", async (WorkflowContext ctx, int start) => start + await ctx.Signals<int>("go").ReceiveAsync());
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("WaitForGo", new WorkflowOptions { InstanceId = "maria-1" }, 1);

        string[] where = ["--backend", "mysql", "--connection", server.ConnectionString, "--schema", schema];
        var list = await CliTests.RunCli(["list", .. where]);
        Assert.True(list.Code == ExitCodes.Success, list.Err);
        Assert.Contains("maria-1", list.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, (await CliTests.RunCli(["signal", "maria-1", "go", "41", .. where])).Code);
        Assert.Equal(42, await client.GetResultAsync<int>("maria-1", TimeSpan.FromSeconds(60)));

        var show = await CliTests.RunCli(["show", "maria-1", "--no-history", .. where]);
        Assert.Contains("Status:     completed", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(server.ConnectionString, show.Out + show.Err, StringComparison.Ordinal);
    }
}

internal static class CliResultExtensions
{
    public static void AssertSuccess(this (int Code, string Out, string Err) result)
        => Assert.True(result.Code == ExitCodes.Success, result.Err);
}
