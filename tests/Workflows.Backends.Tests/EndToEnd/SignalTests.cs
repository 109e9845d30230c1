using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task Signals_BeforeAndAfterChannelExists_ReceivedInArrivalOrder()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Collect", async (WorkflowContext ctx) =>
            {
                await ctx.Signals<string>("go").ReceiveAsync();
                var items = ctx.Signals<int>("item");
                var received = new List<int>();
                for (int i = 0; i < 4; i++)
                {
                    received.Add(await items.ReceiveAsync());
                }

                return string.Join(",", received);
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<string>("Collect", Id("collect"), []);

        // Two items arrive before the workflow asks for the "item" channel, two after.
        await handle.SignalAsync("item", 1);
        await handle.SignalAsync("item", 2);
        await handle.SignalAsync("go", "now");
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Count(e => e.Type == EventType.SignalReceived) == 3, "three signals recorded");
        await handle.SignalAsync("item", 3);
        await handle.SignalAsync("item", 4);

        Assert.Equal("1,2,3,4", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Signal_WithRequestId_LandsOnce()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("CountSignals", async (WorkflowContext ctx) =>
            {
                var ch = ctx.Signals<int>("n");
                int sum = await ch.ReceiveAsync();
                await ctx.Signals<string>("stop").ReceiveAsync();
                while (ch.TryReceive(out int more))
                {
                    sum += more;
                }

                return sum;
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<int>("CountSignals", Id("dedupe"), []);

        await handle.SignalAsync("n", 5, requestId: "req-1");
        await handle.SignalAsync("n", 5, requestId: "req-1");
        await handle.SignalAsync("stop", "x");

        Assert.Equal(5, await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task Signal_RetriedWithSameRequestIdAfterCompletion_SucceedsWithoutDelivering()
    {
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("OneSignal", async (WorkflowContext ctx) => await ctx.Signals<int>("n").ReceiveAsync()));
        var handle = await Client.StartWorkflowAsync<int>("OneSignal", Id("retried"), []);
        await handle.SignalAsync("n", 7, requestId: "req-7");
        Assert.Equal(7, await handle.GetResultAsync(Timeout));

        // The client's retry of the accepted call must not fail; a new request to the finished instance must.
        await handle.SignalAsync("n", 7, requestId: "req-7");
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => handle.SignalAsync("n", 8, requestId: "req-8"));
        Assert.Single(await handle.GetHistoryAsync(), e => e.Type == EventType.SignalReceived);
    }

    [Fact]
    public async Task Signal_AfterCompletionOrUnknown_ThrowsNotFound()
    {
        await StartWorkerAsync(new WorkflowRegistry().AddWorkflow("Quick", (WorkflowContext ctx) => Task.FromResult(1)));
        var handle = await Client.StartWorkflowAsync<int>("Quick", Id("done"), []);
        await handle.GetResultAsync(Timeout);

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => handle.SignalAsync("s", 1));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.SignalWorkflowAsync("nobody", "s", 1));
    }

    [Fact]
    public async Task SignalWorkflow_FromWorkflow_DeliveredOrNotFound()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Receiver", async (WorkflowContext ctx) => await ctx.Signals<string>("hello").ReceiveAsync())
            .AddWorkflow("Sender", async (WorkflowContext ctx, string target) =>
            {
                await ctx.SignalWorkflowAsync(target, "hello", "from sender");
                try
                {
                    await ctx.SignalWorkflowAsync("missing-instance", "hello", "lost");
                    return "delivered to missing";
                }
                catch (WorkflowInstanceNotFoundException ex)
                {
                    return ex.InstanceId;
                }
            });
        await StartWorkerAsync(registry);
        var receiver = await Client.StartWorkflowAsync<string>("Receiver", Id("receiver"), []);

        var sender = await Client.StartWorkflowAsync<string>("Sender", Id("sender"), "receiver");

        Assert.Equal("missing-instance", await sender.GetResultAsync(Timeout));
        Assert.Equal("from sender", await receiver.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task WaitToReadAsync_DoesNotConsume()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Peek", async (WorkflowContext ctx) =>
            {
                var ch = ctx.Signals<int>("v");
                await ch.WaitToReadAsync();
                await ch.WaitToReadAsync();
                return await ch.ReceiveAsync();
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<int>("Peek", Id("peek"), []);

        await handle.SignalAsync("v", 42);

        Assert.Equal(42, await handle.GetResultAsync(Timeout));
    }
}
