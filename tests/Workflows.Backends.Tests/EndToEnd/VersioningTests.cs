using Workflows.History;
using Workflows.Testing;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    // Three deployments of one order workflow. Version 2 charges with "B" instead of "A" (patch "charge-b");
    // version 3 also adds a "C" step before waiting for approval (patch "add-c").
    private static WorkflowRegistry OrderVersion(int version) => new WorkflowRegistry()
        .AddWorkflow("Order", async (WorkflowContext ctx) =>
        {
            string steps = version >= 2 && ctx.IsPatched("charge-b")
                ? await ctx.ExecuteActivityAsync<string>("Step", null, "B")
                : await ctx.ExecuteActivityAsync<string>("Step", null, "A");
            if (version >= 3 && ctx.IsPatched("add-c"))
            {
                steps += await ctx.ExecuteActivityAsync<string>("Step", null, "C");
            }

            await ctx.Signals<bool>("approved").ReceiveAsync();
            return steps + await ctx.ExecuteActivityAsync<string>("Step", null, "X");
        })
        .AddActivity("Step", (string name) => name);

    [Fact]
    public async Task Patches_WorkflowChangedTwice_OldMiddleAndNewInstancesEachCompleteOnTheirBranch()
    {
        var v1 = await StartWorkerAsync(OrderVersion(1));
        var old = await Client.StartWorkflowAsync<string>("Order", Id("order-old"), []);
        await WaitUntilWaitingForApprovalAsync(old, steps: 1);
        await v1.DisposeAsync();

        var v2 = await StartWorkerAsync(OrderVersion(2));
        var middle = await Client.StartWorkflowAsync<string>("Order", Id("order-middle"), []);
        await WaitUntilWaitingForApprovalAsync(middle, steps: 1);
        await v2.DisposeAsync();

        // Version 3 rebuilds the older executions by replay; each keeps the branch its history recorded.
        var v3Registry = OrderVersion(3);
        await StartWorkerAsync(v3Registry);
        var current = await Client.StartWorkflowAsync<string>("Order", Id("order-new"), []);
        await WaitUntilWaitingForApprovalAsync(current, steps: 2);
        foreach (var handle in new[] { old, middle, current })
        {
            await handle.SignalAsync("approved", true);
        }

        Assert.Equal("AX", await old.GetResultAsync(Timeout));
        Assert.Equal("BX", await middle.GetResultAsync(Timeout));
        Assert.Equal("BCX", await current.GetResultAsync(Timeout));
        var replayer = new WorkflowReplayer(v3Registry);
        foreach (var handle in new[] { old, middle, current })
        {
            var history = await handle.GetHistoryAsync();
            var result = replayer.Replay(history, handle.InstanceId);
            Assert.True(result.IsSuccess, $"{handle.InstanceId} does not replay on version 3: {result}");
        }

        Assert.DoesNotContain(await old.GetHistoryAsync(), e => e.Type == EventType.PatchMarkerRecorded);
        Assert.Equal(["charge-b"], PatchIds(await middle.GetHistoryAsync()));
        Assert.Equal(["charge-b", "add-c"], PatchIds(await current.GetHistoryAsync()));
    }

    [Fact]
    public async Task Patches_ContinueAsNewAndSubWorkflow_EachExecutionRecordsItsOwnMarker()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Looping", async (WorkflowContext ctx, int round) =>
            {
                string step = ctx.IsPatched("new-step") ? "new" : "old";
                string child = await ctx.ExecuteSubWorkflowAsync<string>("Child", new SubWorkflowOptions { InstanceId = ctx.InstanceId + "-child-" + round }, []);
                if (round < 2)
                {
                    throw ctx.ContinueAsNew(round + 1);
                }

                return step + "/" + child;
            })
            .AddWorkflow("Child", (WorkflowContext ctx) => Task.FromResult(ctx.IsPatched("child-step") ? "patched" : "old"));
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Looping", Id("looping"), 1);

        Assert.Equal("new/patched", await handle.GetResultAsync(Timeout));
        var first = await Client.GetHistoryAsync("looping", handle.Instance.ExecutionId);
        var last = await handle.GetHistoryAsync();
        Assert.Equal(["new-step"], PatchIds(first));
        Assert.Equal(["new-step"], PatchIds(last));
        Assert.Equal(["child-step"], PatchIds(await Client.GetHistoryAsync("looping-child-2")));
        var replay = new WorkflowReplayer(registry, new WorkflowReplayerOptions { InstanceId = "looping" }).Replay(last);
        Assert.True(replay.IsSuccess, replay.ToString());
    }

    [Fact]
    public async Task ReplayFromBackend_ChangeWithoutPatch_NamesEveryRunningInstanceItWouldBlock()
    {
        var v1 = await StartWorkerAsync(OrderVersion(1));
        var running = new List<Client.WorkflowHandle>();
        for (int i = 0; i < 3; i++)
        {
            var handle = await Client.StartWorkflowAsync<string>("Order", Id($"order-{i}"), []);
            await WaitUntilWaitingForApprovalAsync(handle, steps: 1);
            running.Add(handle);
        }

        await running[0].SignalAsync("approved", true);
        await running[0].GetResultAsync<string>(Timeout);
        await v1.DisposeAsync();

        // The same change made without the patch: "Step" gets "B" where running executions recorded "A".
        var unpatched = new WorkflowRegistry()
            .AddWorkflow("Order", async (WorkflowContext ctx) =>
            {
                string steps = await ctx.ExecuteActivityAsync<string>("Step", null, "B");
                await ctx.Signals<bool>("approved").ReceiveAsync();
                return steps + await ctx.ExecuteActivityAsync<string>("Step", null, "X");
            });

        var broken = await new WorkflowReplayer(unpatched).ReplayAsync(Backend, new ReplayQuery { WorkflowName = "Order" });
        var patched = await new WorkflowReplayer(OrderVersion(3)).ReplayAsync(Backend, new ReplayQuery { WorkflowName = "Order", Status = null });

        Assert.Equal(["order-1", "order-2"], broken.Select(r => r.Name.Split(' ')[0]).Order());
        Assert.All(broken, r =>
        {
            Assert.True(r.IsNonDeterminism, r.ToString());
            Assert.Contains("argument 0 = \"B\", where the history records \"A\"", r.Message, StringComparison.Ordinal);
        });
        Assert.Equal(3, patched.Count);
        Assert.All(patched, r => Assert.True(r.IsSuccess, r.ToString()));
    }

    private static List<string> PatchIds(IReadOnlyList<HistoryEvent> history)
        => history.Select(e => e.Attributes).OfType<PatchMarkerAttributes>().Select(m => m.PatchId).ToList();

    // The instance has committed the task that consumed its last step's result and now waits for the signal.
    private static Task WaitUntilWaitingForApprovalAsync(Client.WorkflowHandle handle, int steps)
        => WaitUntilAsync(
            async () =>
            {
                var history = await handle.GetHistoryAsync();
                return history.Count(e => e.Type == EventType.ActivityCompleted) == steps
                    && history.Count(e => e.Type == EventType.WorkflowTaskStarted) == steps + 1;
            },
            $"{handle.InstanceId} waiting for approval");
}
