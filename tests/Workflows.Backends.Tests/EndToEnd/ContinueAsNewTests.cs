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
