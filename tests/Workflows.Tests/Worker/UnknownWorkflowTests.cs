using Microsoft.Extensions.Time.Testing;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

public sealed class UnknownWorkflowTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WorkflowTask_WorkflowNoWorkerRegisters_ParkedAfterMaxAttemptsNamingWorkflowAndQueue()
    {
        var backendClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = new InMemoryBackend(new BackendOptions { TimeProvider = backendClock });
        var worker = new WorkflowWorker(backend, new WorkflowRegistry(), new WorkflowWorkerOptions
        {
            Queues = ["orders"],
            PollInterval = TimeSpan.FromMilliseconds(10),
            UnknownWorkflowMaxAttempts = 3,
        });
        await worker.StartAsync();
        await new WorkflowClient(backend).StartWorkflowAsync("Ghost", new WorkflowOptions { InstanceId = "ghost", Queue = "orders" }, []);

        // Each release backs the instance off by the backend's clock: move it on until the worker gives up.
        WorkflowInstanceState state;
        using (var timeout = new CancellationTokenSource(s_timeout))
        {
            while (!((state = await backend.GetWorkflowInstanceStateAsync("ghost")).LastTaskError?.Message.Contains("parked", StringComparison.Ordinal) ?? false))
            {
                Assert.False(timeout.IsCancellationRequested, $"never parked; last error: {state.LastTaskError}");
                backendClock.Advance(TimeSpan.FromHours(1));
                await Task.Delay(10);
            }
        }

        await worker.DisposeAsync();
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal(typeof(NotRegisteredException).FullName, state.LastTaskError!.Type);
        Assert.Equal("Workflow 'Ghost' is not registered on any worker polling queue 'orders'; the instance was parked after 3 attempts.", state.LastTaskError.Message);

        // Parked: no longer claimed, however much time passes.
        backendClock.Advance(TimeSpan.FromDays(3650));
        Assert.Null(await backend.GetWorkflowTaskAsync(["orders"]));
    }

    [Fact]
    public async Task WorkflowTask_WorkflowNoWorkerRegistersAcrossWorkerRestarts_AttemptsCountedByTheBackendAndParked()
    {
        var backendClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = new InMemoryBackend(new BackendOptions { TimeProvider = backendClock });
        await new WorkflowClient(backend).StartWorkflowAsync("Ghost", new WorkflowOptions { InstanceId = "ghost", Queue = "orders" }, []);

        // Each worker makes one attempt and is replaced, as in a fleet that keeps restarting: the count goes on.
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            var worker = new WorkflowWorker(backend, new WorkflowRegistry(), new WorkflowWorkerOptions
            {
                Queues = ["orders"],
                PollInterval = TimeSpan.FromMilliseconds(10),
                UnknownWorkflowMaxAttempts = 3,
            });
            await worker.StartAsync();
            string expected = attempt < 3 ? $"(attempt {attempt} of 3)" : "parked after 3 attempts";
            using (var timeout = new CancellationTokenSource(s_timeout))
            {
                WorkflowInstanceState state;
                while (!((state = await backend.GetWorkflowInstanceStateAsync("ghost")).LastTaskError?.Message.Contains(expected, StringComparison.Ordinal) ?? false))
                {
                    Assert.False(timeout.IsCancellationRequested, $"attempt {attempt} never reported; last error: {state.LastTaskError}");
                    await Task.Delay(10);
                }
            }

            await worker.DisposeAsync();
            backendClock.Advance(TimeSpan.FromHours(1));
        }

        // Parked: no longer claimed, however much time passes.
        backendClock.Advance(TimeSpan.FromDays(3650));
        Assert.Null(await backend.GetWorkflowTaskAsync(["orders"]));
    }
}
