using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    private static WorkflowRegistry Evolving(string activity) => new WorkflowRegistry()
        .AddWorkflow("Evolving", async (WorkflowContext ctx) =>
        {
            string first = await ctx.ExecuteActivityAsync<string>(activity, null);
            string signal = await ctx.Signals<string>("go").ReceiveAsync();
            return first + "|" + signal;
        })
        .AddActivity("A", () => "a")
        .AddActivity("B", () => "b");

    [Fact]
    public async Task NonDeterminism_ChangedCode_BlocksInstanceKeepsHistoryAndResumesWithFixedCode()
    {
        var v1 = await StartWorkerAsync(Evolving("A"));
        var handle = await Client.StartWorkflowAsync<string>("Evolving", Id("evolving"), []);
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.ActivityCompleted), "first activity done");
        await v1.StopAsync();
        var before = await handle.GetHistoryAsync();

        // A deploy changes the activity the workflow calls first: replaying the recorded history must fail.
        var v2 = await StartWorkerAsync(Evolving("B"));
        await handle.SignalAsync("go", "now");
        await WaitUntilAsync(async () => (await handle.GetStateAsync()).LastTaskError is not null, "non-determinism reported");

        var state = await handle.GetStateAsync();
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal(typeof(NonDeterminismException).FullName, state.LastTaskError!.Type);
        Assert.Contains("ActivityScheduled(1) A", state.LastTaskError.Message, StringComparison.Ordinal);
        Assert.Contains("ActivityScheduled(1) B", state.LastTaskError.Message, StringComparison.Ordinal);
        Assert.Equal(before.Select(e => e.Id), (await handle.GetHistoryAsync()).Select(e => e.Id));

        // Rolling back to compatible code lets the instance continue where it stood.
        await v2.StopAsync();
        await StartWorkerAsync(Evolving("A"));
        Assert.Equal("a|now", await handle.GetResultAsync(Timeout));
        Assert.Null((await handle.GetStateAsync()).LastTaskError);
    }
}
