using System.Diagnostics;
using Workflows.Client;
using Workflows.Diagnostics;
using Workflows.History;
using Workflows.Sqlite;
using Workflows.TestWorker;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>One trace from a client through workflow tasks and activities run by two worker processes in turn.</summary>
public sealed class SqliteTracingMultiProcessTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoWorkerProcesses_SecondTakesOverMidWorkflow_OneTraceWithoutDuplicateSpans()
    {
        string dbPath = _dir.File("traced.db");
        string spansA = _dir.File("spans-a.txt");
        string spansB = _dir.File("spans-b.txt");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowsTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        await using var backend = SqliteBackend.Open(dbPath);
        await backend.GetStatsAsync();
        var client = new WorkflowClient(backend);

        // Worker A runs the workflow up to its wait for the signal (the first activity and the timer), then stops.
        WorkflowHandle<string> handle;
        using (var a = TestWorkerProcess.Start(dbPath, "worker-a", _dir.File("stop-a"), "--spans", spansA))
        {
            await a.WaitReadyAsync(s_timeout);
            handle = await client.StartWorkflowAsync<string>(TestWorkflows.Compute, new WorkflowOptions { InstanceId = "traced" }, 3);
            await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.TimerFired));
            await WaitUntilAsync(async () => (await client.GetStateAsync("traced")).Status == WorkflowStatus.Running && !(await backend.GetStatsAsync()).PendingWorkflowTasks.Values.Any(n => n > 0));
            await File.WriteAllTextAsync(_dir.File("stop-a"), "");
            Assert.Equal(0, await a.WaitForExitAsync(s_timeout));
        }

        // Worker B has never seen the instance: it replays the history and finishes it.
        using (var b = TestWorkerProcess.Start(dbPath, "worker-b", _dir.File("stop-b"), "--spans", spansB))
        {
            await b.WaitReadyAsync(s_timeout);
            await handle.SignalAsync(TestWorkflows.GoSignal, TestWorkflows.SignalValue(3));
            Assert.Equal(TestWorkflows.Expected(3), await handle.GetResultAsync(s_timeout));
            await File.WriteAllTextAsync(_dir.File("stop-b"), "");
            Assert.Equal(0, await b.WaitForExitAsync(s_timeout));
        }

        var metadata = (await client.GetStateAsync("traced")).Metadata!.Values;
        string traceId = metadata[WorkflowsTelemetry.TraceParentKey].Split('-')[1];
        var a1 = Read(spansA);
        var b1 = Read(spansB);
        Assert.Contains(a1, s => s.Name == "RunActivity Square" && s.TraceId == traceId);
        Assert.Contains(b1, s => s.Name == "RunActivity Add" && s.TraceId == traceId);
        Assert.Contains(b1, s => s.Name == "RunWorkflow Compute" && s.TraceId == traceId);
        var all = a1.Concat(b1).Where(s => s.TraceId == traceId).ToList();
        Assert.Equal(1, all.Count(s => s.Name == "ScheduleActivity Square"));
        Assert.Equal(1, all.Count(s => s.Name == "ScheduleActivity Add"));
        Assert.Equal(1, all.Count(s => s.Name == "ScheduleTimer"));
        var history = await handle.GetHistoryAsync();
        Assert.Equal(history.Count(e => e.Type == EventType.WorkflowTaskStarted), all.Count(s => s.Name == "RunWorkflow Compute"));

        // Each activity span is the child of the span that scheduled it, whichever process ran what.
        foreach (var run in all.Where(s => s.Name.StartsWith("RunActivity ", StringComparison.Ordinal)))
        {
            var parent = all.Single(s => s.SpanId == run.ParentSpanId);
            Assert.Equal("ScheduleActivity " + run.Name["RunActivity ".Length..], parent.Name);
        }
    }

    private static List<(string TraceId, string SpanId, string ParentSpanId, string Name)> Read(string path)
        => File.Exists(path)
            ? File.ReadAllLines(path).Select(l => l.Split(' ', 4)).Select(p => (p[0], p[1], p[2], p[3])).ToList()
            : [];

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
