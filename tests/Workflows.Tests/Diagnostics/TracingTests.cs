using System.Diagnostics;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Diagnostics;

/// <summary>Spans from the client through workflow tasks to activities and sub-workflows, and none repeated by replay.</summary>
public sealed class TracingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task StartWorkflow_WorkflowWithActivityAndSubWorkflow_SpansFormOneTree(bool cache)
    {
        using var spans = new SpanCollector();
        string order = "Order-" + Guid.NewGuid().ToString("N");
        string ship = "Ship-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(order, async (WorkflowContext ctx) =>
            {
                int charged = await ctx.ExecuteActivityAsync<int>("Charge", null, 5);
                string shipped = await ctx.ExecuteSubWorkflowAsync<string>(ship, null, charged);
                return shipped;
            })
            .AddWorkflow(ship, async (WorkflowContext ctx, int amount) => $"packed {await ctx.ExecuteActivityAsync<int>("Pack", null, amount)}")
            .AddActivity("Charge", (int amount) => amount * 2)
            .AddActivity("Pack", (int amount) => amount + 1);
        await using var backend = new InMemoryBackend();
        await using var worker = new WorkflowWorker(backend, registry, Options(cache));
        await worker.StartAsync();

        ActivityTraceId traceId;
        using (var root = SpanCollector.TestSource.StartActivity("POST /orders"))
        {
            traceId = root!.TraceId;
            var handle = await new WorkflowClient(backend).StartWorkflowAsync<string>(order, null, []);
            Assert.Equal("packed 11", await handle.GetResultAsync(s_timeout));
        }

        var trace = spans.InTrace(traceId);
        var start = Single(trace, $"StartWorkflow {order}");
        Assert.Equal("POST /orders", Parent(trace, start).DisplayName);
        var orderTasks = trace.Where(s => s.DisplayName == $"RunWorkflow {order}").ToList();
        Assert.NotEmpty(orderTasks);
        Assert.All(orderTasks, t => Assert.Equal(start.SpanId, t.ParentSpanId));

        var scheduleCharge = Single(trace, "ScheduleActivity Charge");
        Assert.Contains(orderTasks, t => t.SpanId == scheduleCharge.ParentSpanId);
        Assert.Equal(scheduleCharge.SpanId, Single(trace, "RunActivity Charge").ParentSpanId);

        var startShip = Single(trace, $"StartChildWorkflow {ship}");
        Assert.Contains(orderTasks, t => t.SpanId == startShip.ParentSpanId);
        var shipTasks = trace.Where(s => s.DisplayName == $"RunWorkflow {ship}").ToList();
        Assert.NotEmpty(shipTasks);
        Assert.All(shipTasks, t => Assert.Equal(startShip.SpanId, t.ParentSpanId));
        var schedulePack = Single(trace, "ScheduleActivity Pack");
        Assert.Contains(shipTasks, t => t.SpanId == schedulePack.ParentSpanId);
        Assert.Equal(schedulePack.SpanId, Single(trace, "RunActivity Pack").ParentSpanId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Replay_EveryTaskReplaysHistory_ScheduledSpansOncePerCommandAndTaskSpansOncePerTask(bool cache)
    {
        using var spans = new SpanCollector();
        string name = "Steps-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(name, async (WorkflowContext ctx) =>
            {
                int total = 0;
                for (int i = 0; i < 3; i++)
                {
                    using (ctx.StartSpan("step"))
                    {
                        total += await ctx.SideEffectAsync(() => i);
                    }

                    total += await ctx.ExecuteActivityAsync<int>("Add", null, i);
                    await ctx.DelayAsync(TimeSpan.FromMilliseconds(1));
                }

                return total;
            })
            .AddActivity("Add", (int i) => i * 10);
        await using var backend = new InMemoryBackend();
        await using var worker = new WorkflowWorker(backend, registry, Options(cache));
        await worker.StartAsync();

        ActivityTraceId traceId;
        WorkflowHandle<int> handle;
        using (var root = SpanCollector.TestSource.StartActivity("test"))
        {
            traceId = root!.TraceId;
            handle = await new WorkflowClient(backend).StartWorkflowAsync<int>(name, null, []);
            Assert.Equal(33, await handle.GetResultAsync(s_timeout));
        }

        var trace = spans.InTrace(traceId);
        var history = await handle.GetHistoryAsync();
        Assert.Equal(3, trace.Count(s => s.DisplayName == "ScheduleActivity Add"));
        Assert.Equal(3, trace.Count(s => s.DisplayName == "RunActivity Add"));
        Assert.Equal(3, trace.Count(s => s.DisplayName == "ScheduleTimer"));
        Assert.Equal(3, trace.Count(s => s.DisplayName == "SideEffect"));
        Assert.Equal(3, trace.Count(s => s.DisplayName == "step"));
        Assert.Equal(history.Count(e => e.Type == EventType.WorkflowTaskStarted), trace.Count(s => s.DisplayName == $"RunWorkflow {name}"));
    }

    [Fact]
    public async Task Replay_NewWorkerTakesOverMidWorkflow_NoSpanOfTheFirstWorkerIsRepeated()
    {
        using var spans = new SpanCollector();
        string name = "TakeOver-" + Guid.NewGuid().ToString("N");
        var firstDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow(name, async (WorkflowContext ctx) =>
            {
                int a = await ctx.ExecuteActivityAsync<int>("First", null);
                var s = await ctx.Signals<int>("go").ReceiveAsync();
                int b = await ctx.ExecuteActivityAsync<int>("Second", null);
                return a + b + s;
            })
            .AddActivity("First", () =>
            {
                firstDone.TrySetResult();
                return 1;
            })
            .AddActivity("Second", () => 2);
        await using var backend = new InMemoryBackend();
        var client = new WorkflowClient(backend);

        ActivityTraceId traceId;
        WorkflowHandle<int> handle;
        using (var root = SpanCollector.TestSource.StartActivity("test"))
        {
            traceId = root!.TraceId;
            await using (var first = new WorkflowWorker(backend, registry, Options(cache: true)))
            {
                await first.StartAsync();
                handle = await client.StartWorkflowAsync<int>(name, null, []);
                await firstDone.Task.WaitAsync(s_timeout);
                await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.ActivityCompleted));
                await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Count(e => e.Type == EventType.WorkflowTaskStarted) >= 2);
            }

            // The second worker has never seen the instance: its first task replays the whole history.
            await using var second = new WorkflowWorker(backend, registry, Options(cache: true));
            await second.StartAsync();
            await handle.SignalAsync("go", 4);
            Assert.Equal(7, await handle.GetResultAsync(s_timeout));
        }

        var trace = spans.InTrace(traceId);
        var history = await handle.GetHistoryAsync();
        Assert.Equal(1, trace.Count(s => s.DisplayName == "ScheduleActivity First"));
        Assert.Equal(1, trace.Count(s => s.DisplayName == "RunActivity First"));
        Assert.Equal(1, trace.Count(s => s.DisplayName == "ScheduleActivity Second"));
        Assert.Equal(1, trace.Count(s => s.DisplayName == "SignalWorkflow go"));
        Assert.Equal(history.Count(e => e.Type == EventType.WorkflowTaskStarted), trace.Count(s => s.DisplayName == $"RunWorkflow {name}"));
        var replayed = trace.Where(s => s.DisplayName == $"RunWorkflow {name}" && s.GetTagItem("workflows.replay.length") is > 0);
        Assert.NotEmpty(replayed);
    }

    internal static WorkflowWorkerOptions Options(bool cache) => new()
    {
        EnableExecutorCache = cache,
        PollInterval = TimeSpan.FromMilliseconds(20),
    };

    private static Activity Single(IReadOnlyList<Activity> trace, string name)
    {
        var matches = trace.Where(s => s.DisplayName == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one span '{name}', found {matches.Count}: {string.Join(", ", trace.Select(s => s.DisplayName))}");
        return matches[0];
    }

    private static Activity Parent(IReadOnlyList<Activity> trace, Activity span) => trace.Single(s => s.SpanId == span.ParentSpanId);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!await condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
