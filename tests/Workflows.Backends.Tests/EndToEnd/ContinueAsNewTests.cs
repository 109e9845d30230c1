using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    private static WorkflowRegistry CounterRegistry() => new WorkflowRegistry()
        .AddWorkflow("Counter", async (WorkflowContext ctx, int n) =>
        {
            int next = await ctx.ExecuteActivityAsync<int>("Inc", null, n);
            if (next < 3)
            {
                throw ctx.ContinueAsNew(next).WithResult(next);
            }

            return next;
        })
        .AddActivity("Inc", (int x) => x + 1);

    [Fact]
    public async Task ContinueAsNew_RestartsWithFreshHistory_SameInstanceNewExecution()
    {
        await StartWorkerAsync(CounterRegistry());
        var handle = await Client.StartWorkflowAsync<int>("Counter", Id("counter"), 0);

        Assert.Equal(3, await Client.GetResultAsync<int>("counter", Timeout));

        // The first execution reports the value it continued with and its own state.
        var firstHistory = await handle.GetHistoryAsync();
        var continued = (ContinuedAsNewAttributes)firstHistory[^1].Attributes;
        Assert.Equal("1", continued.Result);
        var latest = await Client.GetStateAsync("counter");
        Assert.NotEqual(handle.Instance.ExecutionId, latest.Instance.ExecutionId);
        Assert.Equal(WorkflowStatus.Completed, latest.Status);
        var lastHistory = await Client.GetHistoryAsync("counter");
        Assert.Equal(EventType.WorkflowExecutionStarted, lastHistory[1].Type);
        Assert.Equal(["2"], ((ExecutionStartedAttributes)lastHistory[1].Attributes).Inputs);
    }

    [Fact]
    public async Task Executions_ContinueAsNewChainAndReusedId_EachAddressableNewestFirst()
    {
        await StartWorkerAsync(CounterRegistry());
        await Client.StartWorkflowAsync<int>("Counter", Id("chain"), 0);
        Assert.Equal(3, await Client.GetResultAsync<int>("chain", Timeout));

        // Three executions: two continued as new with 1 and 2, the last completed with 3.
        var chain = await Client.GetExecutionsAsync("chain");
        Assert.Equal([WorkflowStatus.Completed, WorkflowStatus.ContinuedAsNew, WorkflowStatus.ContinuedAsNew], chain.Select(e => e.Status));
        Assert.Equal((await Client.GetStateAsync("chain")).Instance, chain[0].Instance);
        Assert.Equal(3, chain.Select(e => e.Instance.ExecutionId).Distinct().Count());
        foreach (var execution in chain)
        {
            // Each execution's state and history are its own, read by its id.
            var state = await Client.GetExecutionStateAsync("chain", execution.Instance.ExecutionId);
            Assert.Equal(execution.Status, state.Status);
            var history = await Client.GetHistoryAsync("chain", execution.Instance.ExecutionId);
            Assert.Equal(execution.Status == WorkflowStatus.Completed ? EventType.WorkflowExecutionFinished : EventType.WorkflowExecutionContinuedAsNew, history[^1].Type);
        }

        // The id started again once finished: a fourth execution, newest first, the earlier ones kept.
        await Client.StartWorkflowAsync<int>("Counter", Id("chain"), 2);
        Assert.Equal(3, await Client.GetResultAsync<int>("chain", Timeout));
        var reused = await Client.GetExecutionsAsync("chain");
        Assert.Equal(4, reused.Count);
        Assert.Equal(chain.Select(e => e.Instance), reused.Skip(1).Select(e => e.Instance));

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.GetExecutionsAsync("no-such-chain"));
        var missing = await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.GetExecutionStateAsync("chain", "no-such-execution"));
        Assert.Contains("no-such-execution", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContinueAsNew_InSubWorkflow_ParentSeesOnlyFinalResult()
    {
        var registry = CounterRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) => await ctx.ExecuteSubWorkflowAsync<int>("Counter", new SubWorkflowOptions { InstanceId = "sub-counter" }, 0));
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Parent", Id("parent-can"), []);

        Assert.Equal(3, await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        Assert.Single(history, e => e.Type == EventType.SubWorkflowCompleted);
    }

    [Fact]
    public async Task ContinueAsNew_PendingSignals_CarryOverInOrder()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Batches", async (WorkflowContext ctx, string soFar) =>
            {
                var ch = ctx.Signals<string>("item");
                string item = await ch.ReceiveAsync();
                string all = soFar + item;
                if (all.Length < 4)
                {
                    // Signals already here, and those still arriving, go to the next execution.
                    throw ctx.ContinueAsNew(all);
                }

                return all;
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<string>("Batches", Id("batches"), "");

        foreach (var s in new[] { "a", "b", "c", "d" })
        {
            await Client.SignalWorkflowAsync("batches", "item", s);
        }

        Assert.Equal("abcd", await Client.GetResultAsync<string>("batches", Timeout));
    }
}
