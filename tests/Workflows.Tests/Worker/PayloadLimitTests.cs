using Workflows.Backends;
using Workflows.Client;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

public sealed class PayloadLimitTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly string s_big = new('x', 2000);

    [Fact]
    public async Task Start_OversizedInput_ThrowsAtTheCallAndStoresNothing()
    {
        await using var backend = new InMemoryBackend(new BackendOptions { MaxPayloadSize = 1000 });
        var client = new WorkflowClient(backend);

        var ex = await Assert.ThrowsAsync<PayloadTooLargeException>(() => client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = "big" }, s_big));

        Assert.Contains("argument 0 of workflow 'W'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1000, ex.Limit);
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => client.GetStateAsync("big"));
    }

    [Fact]
    public async Task WorkflowAndActivity_OversizedPayloads_FailAtTheCallThatProducedThem()
    {
        await using var backend = new InMemoryBackend(new BackendOptions { MaxPayloadSize = 1000 });
        var registry = new WorkflowRegistry()
            .AddWorkflow("W", async (WorkflowContext ctx) =>
            {
                string argument;
                try
                {
                    await ctx.ExecuteActivityAsync("Echo", null, s_big);
                    argument = "accepted";
                }
                catch (PayloadTooLargeException ex)
                {
                    argument = ex.Message.Contains("argument 0 of activity 'Echo'", StringComparison.Ordinal) ? "refused" : ex.Message;
                }

                string result;
                try
                {
                    await ctx.ExecuteActivityAsync<string>("Big", null);
                    result = "accepted";
                }
                catch (ActivityFailedException ex)
                {
                    result = $"{ex.OriginalType}|{ex.Error.NonRetryable}";
                }

                return $"{argument}|{result}";
            })
            .AddActivity("Echo", (string s) => s)
            .AddActivity("Big", () => s_big);
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        var client = new WorkflowClient(backend);

        var handle = await client.StartWorkflowAsync<string>("W", new WorkflowOptions { InstanceId = "limits" }, []);

        Assert.Equal($"refused|{typeof(PayloadTooLargeException).FullName}|True", await handle.GetResultAsync(s_timeout));
    }
}

public sealed class PoisonBackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 8)]
    [InlineData(20, 300)]
    public void PoisonBackoff_DoublesPerFailureUpToFiveMinutes(int failures, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), InMemoryBackend.PoisonBackoff(TimeSpan.FromSeconds(1), failures));
    }
}
