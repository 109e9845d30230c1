using Workflows.History;
using Workflows.Testing;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

/// <summary>
/// A workflow future completes at the same point of the coroutine schedule in replay as in the live run. Each
/// workflow here puts a side effect in concurrent code; without the cache every task replays the whole history,
/// and with it the final history is replayed afterwards, so both ways must agree with what the live run did.
/// </summary>
public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task SideEffectInBranch_ThenTimer_BesideActivityBranch_CompletesAndReplays()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("SideEffectTimer", async (WorkflowContext ctx) =>
            {
                var first = ctx.Go(async c =>
                {
                    int v = await c.SideEffectAsync(() => 5);
                    await c.DelayAsync(TimeSpan.FromMilliseconds(1));
                    return v;
                });
                var second = ctx.Go(c => c.ExecuteActivityAsync<int>("Times10", null, 7));
                return $"{await first}|{await second}";
            })
            .AddActivity("Times10", (int x) => x * 10);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("SideEffectTimer", Id("se-timer"), []);

        Assert.Equal("5|70", await handle.GetResultAsync(Timeout));
        AssertReplays(registry, await handle.GetHistoryAsync());
    }

    [Fact]
    public async Task SideEffectInBranch_ThenSameActivityAsOtherBranch_EachCallGetsItsOwnResult()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("SideEffectSameActivity", async (WorkflowContext ctx) =>
            {
                var first = ctx.Go(async c =>
                {
                    int v = await c.SideEffectAsync(() => 3);
                    return await c.ExecuteActivityAsync<int>("Times10", null, v);
                });
                var second = ctx.Go(c => c.ExecuteActivityAsync<int>("Times10", null, 4));
                return $"{await first}|{await second}";
            })
            .AddActivity("Times10", (int x) => x * 10);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("SideEffectSameActivity", Id("se-same"), []);

        Assert.Equal("30|40", await handle.GetResultAsync(Timeout));
        AssertReplays(registry, await handle.GetHistoryAsync());
    }

    [Fact]
    public async Task SideEffectFirst_ThenSignalBranchAndActivityBranch_SignalAlreadyWaiting_CompletesAndReplays()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("SideEffectSignal", async (WorkflowContext ctx) =>
            {
                int v = await ctx.SideEffectAsync(() => 2);
                var first = ctx.Go(async c =>
                {
                    int s = await c.Signals<int>("go").ReceiveAsync();
                    await c.DelayAsync(TimeSpan.FromMilliseconds(1));
                    return s;
                });
                var second = ctx.Go(c => c.ExecuteActivityAsync<int>("Times10", null, v));
                return $"{await first}|{await second}";
            })
            .AddActivity("Times10", (int x) => x * 10);

        // The signal is waiting before any worker runs, so the first workflow task applies it beside the start.
        var handle = await Client.StartWorkflowAsync<string>("SideEffectSignal", Id("se-signal"), []);
        await handle.SignalAsync("go", 9);
        await StartWorkerAsync(registry);

        Assert.Equal("9|20", await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        int firstTaskEnd = history.ToList().FindIndex(1, e => e.Type == EventType.WorkflowTaskStarted);
        Assert.Contains(history.Take(firstTaskEnd < 0 ? history.Count : firstTaskEnd), e => e.Type == EventType.SignalReceived);
        AssertReplays(registry, history);
    }

    private static void AssertReplays(WorkflowRegistry registry, IReadOnlyList<HistoryEvent> history)
    {
        var result = new WorkflowReplayer(registry).Replay(history);
        Assert.True(result.IsSuccess, $"The final history does not replay: {result}");
    }
}
