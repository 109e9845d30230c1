using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Tests.Client;

/// <summary>
/// A client wait that runs out of time says why the instance is not done. The worker runs on the real clock;
/// the waiting client runs on a fake one, so its timeout fires when the test says, after the instance's state
/// shows the condition under test.
/// </summary>
public sealed class WaitTimeoutTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GetResultAsync_WorkflowAwaitsTaskDelay_TimeoutSaysItIsBlockedAndWhy()
    {
        await using var backend = new InMemoryBackend();
#pragma warning disable WF1003 // The point of the test: a workflow that awaits a task the runtime did not create.
        var registry = new WorkflowRegistry().AddWorkflow("Sleepy", async (WorkflowContext ctx) =>
        {
            await Task.Delay(TimeSpan.FromDays(1)); // never done within the test, whatever the machine's load
            return 1;
        });
#pragma warning restore WF1003
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        await new WorkflowClient(backend).StartWorkflowAsync("Sleepy", new WorkflowOptions { InstanceId = "order-1" });
        await WaitForTaskErrorAsync(backend, "order-1");

        var error = await TimeOutWaitingAsync(backend, "order-1");

        Assert.StartsWith("Workflow instance 'order-1' did not finish within 00:00:05: instance order-1 is blocked: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Task.Delay", error.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowStatus.Running, error.Status);
        Assert.Equal(typeof(WorkflowRuntimeViolationException).FullName, error.LastTaskError?.Type);
        Assert.Equal("Sleepy", error.WorkflowName);
    }

    [Fact]
    public async Task GetResultAsync_WorkflowNameNotRegistered_TimeoutNamesTheMissingWorkflow()
    {
        await using var backend = new InMemoryBackend();
        var registry = new WorkflowRegistry().AddWorkflow("Known", (WorkflowContext ctx) => Task.FromResult(1));
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();
        await new WorkflowClient(backend).StartWorkflowAsync("Unknown", new WorkflowOptions { InstanceId = "order-2" });
        await WaitForTaskErrorAsync(backend, "order-2");

        var error = await TimeOutWaitingAsync(backend, "order-2");

        Assert.Contains("instance order-2 is blocked: no worker polling queue 'default' has workflow 'Unknown' registered", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<TimeoutException>(error);
    }

    [Fact]
    public async Task WaitForCompletionAsync_NoWorker_TimeoutSaysRunningWithoutError()
    {
        await using var backend = new InMemoryBackend();
        await new WorkflowClient(backend).StartWorkflowAsync("Lonely", new WorkflowOptions { InstanceId = "order-3" });

        var fake = new FakeTimeProvider();
        var client = new WorkflowClient(backend, new WorkflowClientOptions { TimeProvider = fake });
        var wait = client.WaitForCompletionAsync("order-3", TimeSpan.FromSeconds(5));
        fake.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<WorkflowWaitTimeoutException>(() => wait);

        Assert.Contains("instance order-3 (workflow 'Lonely', queue 'default') is running with no task error", error.Message, StringComparison.Ordinal);
        Assert.Null(error.LastTaskError);
    }

    // The client's clock is fake: the first state read happens at once, then the timeout fires on Advance.
    private static async Task<WorkflowWaitTimeoutException> TimeOutWaitingAsync(InMemoryBackend backend, string instanceId)
    {
        var fake = new FakeTimeProvider();
        var client = new WorkflowClient(backend, new WorkflowClientOptions { TimeProvider = fake });
        var wait = client.GetResultAsync<int>(instanceId, TimeSpan.FromSeconds(5));
        fake.Advance(TimeSpan.FromSeconds(5));
        return await Assert.ThrowsAsync<WorkflowWaitTimeoutException>(() => wait);
    }

    private static async Task WaitForTaskErrorAsync(InMemoryBackend backend, string instanceId)
    {
        using var deadline = new CancellationTokenSource(s_deadline);
        while ((await backend.GetWorkflowInstanceStateAsync(instanceId, deadline.Token)).LastTaskError is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }
    }
}
