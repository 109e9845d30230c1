using Workflows.Backends;
using Workflows.Client;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Tests.Client;

public sealed class ResultDecodeTests
{
    [Fact]
    public async Task GetResultAsync_ResultOfAnotherType_ThrowsNamingTheInstance()
    {
        await using var backend = new InMemoryBackend();
        var registry = new WorkflowRegistry().AddWorkflow("W", (WorkflowContext ctx) => Task.FromResult("text"));
        await using var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        await worker.StartAsync();
        var client = new WorkflowClient(backend);
        await client.StartWorkflowAsync("W", new WorkflowOptions { InstanceId = "order-7" }, []);

        var ex = await Assert.ThrowsAsync<PayloadException>(() => client.GetResultAsync<int>("order-7", TimeSpan.FromSeconds(30)));

        Assert.StartsWith("The result of workflow instance 'order-7' cannot be decoded as System.Int32", ex.Message, StringComparison.Ordinal);
        Assert.IsType<PayloadException>(ex.InnerException);
    }
}
