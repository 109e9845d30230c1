using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task Select_TimerSignalActivity_PicksFirstReadyAndConsumesOnlyThat()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("Select", async (WorkflowContext ctx) =>
            {
                var signals = ctx.Signals<string>("s");
                var activity = ctx.ExecuteActivityAsync<string>("Slow", null);
                using var cts = new CancellationTokenSource();
                var timer = ctx.DelayAsync(TimeSpan.FromDays(1), cts.Token);
                var picks = new List<string>();
                for (int i = 0; i < 2; i++)
                {
                    await ctx.Select()
                        .OnTask(timer, _ => picks.Add("timer"))
                        .OnReceive(signals, v => picks.Add("signal:" + v))
                        .OnTask(activity, t => picks.Add("activity:" + t.Result))
                        .RunAsync();
                    if (picks[^1].StartsWith("signal", StringComparison.Ordinal))
                    {
                        await ctx.ExecuteActivityAsync("Release", null);
                    }
                }

                cts.Cancel();

                // The select never took the second signal: it is still there.
                bool leftOver = signals.TryReceive(out var second);
                picks.Add(leftOver ? "left:" + second : "none");
                return string.Join("|", picks);
            })
            .AddActivity("Slow", async () =>
            {
                await gate.Task;
                return "done";
            })
            .AddActivity("Release", () => gate.TrySetResult());
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<string>("Select", Id("select"), []);
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.TimerScheduled), "workflow waiting");

        await handle.SignalAsync("s", "a");
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.ActivityCompleted), "release ran");

        Assert.Equal("signal:a|activity:done|none", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Select_DefaultCase_TakenWhenNothingReady()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Default", async (WorkflowContext ctx) =>
            {
                var ch = ctx.NewChannel<int>(1);
                int first = await ctx.Select().OnReceive(ch).OnDefault().RunAsync();
                await ch.SendAsync(7);
                int value = 0;
                int second = await ctx.Select().OnReceive<int>(ch, v => value = v).OnDefault().RunAsync();
                return $"{first}|{second}|{value}";
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Default", Id("default"), []);

        Assert.Equal("-1|0|7", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Coroutines_WithChannels_ProducerConsumerAndWaitGroupJoin()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Pipeline", async (WorkflowContext ctx) =>
            {
                var numbers = ctx.NewChannel<int>();
                var producers = Enumerable.Range(0, 3).Select(p => ctx.Go(async c =>
                {
                    for (int i = 0; i < 3; i++)
                    {
                        int v = await c.ExecuteActivityAsync<int>("Make", null, p * 10 + i);
                        await numbers.SendAsync(v);
                    }
                })).ToArray();
                var closer = ctx.Go(async _ =>
                {
                    await ctx.WhenAll(producers); // wait-group style join
                    numbers.Close();
                });

                int sum = 0;
                int count = 0;
                while (await numbers.WaitToReadAsync())
                {
                    sum += await numbers.ReceiveAsync();
                    count++;
                }

                await closer;
                return $"{count}:{sum}";
            })
            .AddActivity("Make", (int x) => x);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Pipeline", Id("pipeline"), []);

        Assert.Equal($"9:{new[] { 0, 1, 2, 10, 11, 12, 20, 21, 22 }.Sum()}", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Select_HundredActivitiesConsumedOneByOne_AllSeen()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Drain", async (WorkflowContext ctx) =>
            {
                var pending = Enumerable.Range(1, 100).Select(i => ctx.ExecuteActivityAsync<int>("Id", null, i)).ToList();
                int sum = 0;
                while (pending.Count > 0)
                {
                    var select = ctx.Select();
                    foreach (var task in pending)
                    {
                        select.OnTask(task);
                    }

                    int picked = await select.RunAsync();
                    sum += await pending[picked];
                    pending.RemoveAt(picked);
                }

                return sum;
            })
            .AddActivity("Id", (int x) => x);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Drain", Id("drain"), []);

        Assert.Equal(5050, await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task TaskWhenAnyAndWhenAll_OnWorkflowTasks_AreDeterministic()
    {
        // Plain Task.WhenAll/WhenAny over workflow tasks are safe: completion follows the history on replay.
        var registry = new WorkflowRegistry()
            .AddWorkflow("Plain", async (WorkflowContext ctx) =>
            {
                var fast = ctx.ExecuteActivityAsync<string>("Echo", null, "fast");
                var timer = ctx.DelayAsync(TimeSpan.FromDays(1));
                var first = await Task.WhenAny(fast, timer);
                var all = await Task.WhenAll(ctx.ExecuteActivityAsync<string>("Echo", null, "a"), ctx.ExecuteActivityAsync<string>("Echo", null, "b"));
                return (first == fast ? "activity" : "timer") + "|" + string.Join(",", all);
            })
            .AddActivity("Echo", (string s) => s);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Plain", Id("plain"), []);

        Assert.Equal("activity|a,b", await handle.GetResultAsync(Timeout));
    }
}
