using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Workflows.Backends;
using Workflows.Client;

namespace Workflows.Hosting.Tests;

public sealed class HostTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WorkflowLogger_LinesOfWorkflowCode_CarryInstanceExecutionAndWorkflowScope()
    {
        string probe = Guid.NewGuid().ToString("N");
        var logs = new CapturingLoggerProvider();
        using var host = TestHosts.Build("InMemory", logs: logs);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        var handle = await client.StartLogAndCountAsync(probe, new WorkflowOptions { InstanceId = "logged-" + probe });
        Assert.Equal(1, await handle.GetResultAsync(Wait));
        await host.StopAsync();

        // ctx.Logger writes through the host's factory, inside the workflow task's scope.
        var line = Assert.Single(logs.Lines, l => l.Contains($"Counting for {probe}", StringComparison.Ordinal));
        Assert.Contains($"WorkflowInstanceId:logged-{probe}", line, StringComparison.Ordinal);
        Assert.Contains("WorkflowExecutionId:", line, StringComparison.Ordinal);
        Assert.Contains("WorkflowName:LogAndCount", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestHosts.Backends), MemberType = typeof(TestHosts))]
    public async Task WorkerServiceHost_ScopedActivity_OneScopePerExecutionDisposedAsynchronously(string backend)
    {
        string probe = Guid.NewGuid().ToString("N");
        using var host = TestHosts.Build(backend);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        var handle = await client.StartCountThriceAsync(probe);
        int result = await handle.GetResultAsync(Wait);
        await host.StopAsync();

        Assert.Equal(3, result);
        var events = ScopedProbe.Events[probe].ToList();
        var used = events.Where(e => e.StartsWith("used:", StringComparison.Ordinal)).Select(e => e[5..]).ToList();
        Assert.Equal(3, used.Count);
        Assert.Equal(3, used.Distinct().Count());
        foreach (string id in used)
        {
            Assert.Single(events, $"disposed-async:{id}");
        }

        Assert.DoesNotContain(events, e => e.StartsWith("disposed-sync:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestHosts.Backends), MemberType = typeof(TestHosts))]
    public async Task StopAsync_ActivityOutlivesShutdownTimeout_LeavesNothingLeased(string backend)
    {
        string probe = Guid.NewGuid().ToString("N");
        using var host = TestHosts.Build(backend, shutdownTimeout: TimeSpan.FromSeconds(1));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();
        await client.StartBlockUntilStoppedAsync(probe);
        await ProbeActivities.Blocked.GetOrAdd(probe, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Wait);

        await host.StopAsync();

        // The activity lease is 2 minutes: it can be claimed at once only if the stopping worker released it.
        var backendInstance = host.Services.GetRequiredService<IBackend>();
        var claimed = await backendInstance.GetActivityTaskAsync([WorkflowClient.DefaultQueue]);
        Assert.NotNull(claimed);
        Assert.Equal("Block", claimed.Attributes.Name);
        Assert.Null(await backendInstance.GetWorkflowTaskAsync([WorkflowClient.DefaultQueue]));
    }

    [Theory]
    [InlineData("MaxParallelActivities")]
    [InlineData("ExecutorCacheSize")]
    public async Task StartAsync_WorkerSettingOutOfRange_FailsNamingTheKey(string key)
    {
        using var host = TestHosts.Build("InMemory", new Dictionary<string, string?>
        {
            ["Workflows:Workers:0:Name"] = "default",
            ["Workflows:Workers:0:" + key] = "0",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"Workflows:Workers:0:{key} must be at least 1 (it is 0).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecutorCacheSize_FromConfiguration_IsTheWorkersCacheCapacity()
    {
        string probe = Guid.NewGuid().ToString("N");
        long evictions = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Diagnostics.WorkflowsTelemetry.MeterName && instrument.Name == "workflows.executor_cache.evictions")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            // Only this test's host keeps fewer executors than its running instances.
            var all = tags.ToArray();
            if (all.Any(t => t is { Key: "workflows.eviction.reason", Value: "capacity" })
                && all.Any(t => t is { Key: "workflows.workflow.name", Value: "BlockUntilStopped" }))
            {
                Interlocked.Add(ref evictions, value);
            }
        });
        listener.Start();
        using var host = TestHosts.Build(
            "InMemory",
            new Dictionary<string, string?> { ["Workflows:Workers:0:Name"] = "default", ["Workflows:Workers:0:ExecutorCacheSize"] = "1" },
            shutdownTimeout: TimeSpan.FromSeconds(1));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        // Two instances running at once, each waiting in its activity after its first workflow task: a cache of one
        // executor drops the first when the second is put back.
        await client.StartBlockUntilStoppedAsync(probe + "-a");
        await client.StartBlockUntilStoppedAsync(probe + "-b");
        foreach (string started in (string[])[probe + "-a", probe + "-b"])
        {
            await ProbeActivities.Blocked.GetOrAdd(started, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Wait);
        }

        var deadline = DateTime.UtcNow + Wait;
        while (Interlocked.Read(ref evictions) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        await host.StopAsync();
        Assert.True(Interlocked.Read(ref evictions) >= 1, "no executor was evicted for capacity: the configured size did not reach the worker");
    }

    [Fact]
    public async Task StartAsync_UnknownBackend_FailsNamingTheKey()
    {
        using var host = TestHosts.Build("Oracle");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Workflows:Backend", error.Message, StringComparison.Ordinal);
        Assert.Contains("Oracle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ConfiguredWorkerNoCodeAdds_FailsNamingTheKey()
    {
        using var host = TestHosts.Build("InMemory", new Dictionary<string, string?> { ["Workflows:Workers:0:Name"] = "reports" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Workflows:Workers:0:Name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestHosts.Backends), MemberType = typeof(TestHosts))]
    public async Task AddWorker_TwoWorkersOnQueuesFromConfiguration_EachRunsItsQueue(string backend)
    {
        using var host = TestHosts.Build(
            backend,
            new Dictionary<string, string?>
            {
                ["Workflows:Workers:0:Name"] = "billing",
                ["Workflows:Workers:0:Queues:0"] = "billing",
                ["Workflows:Workers:1:Name"] = "shipping",
                ["Workflows:Workers:1:Queues:0"] = "shipping",
            },
            w => w.AddWorker("billing", s => s.Queues.Add("code-queue-overridden")).AddWorker("shipping"));
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();

        var billing = await client.StartWhereAmIAsync(new WorkflowOptions { Queue = "billing" });
        var shipping = await client.StartWhereAmIAsync(new WorkflowOptions { Queue = "shipping" });
        string billingQueue = await billing.GetResultAsync(Wait);
        string shippingQueue = await shipping.GetResultAsync(Wait);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await host.StopAsync();

        Assert.Equal("billing", billingQueue);
        Assert.Equal("shipping", shippingQueue);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains("2 worker(s)", health.Entries[WorkflowsHealthCheckExtensions.WorkersCheckName].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthChecks_AfterStop_ReportWorkersNotRunning()
    {
        using var host = TestHosts.Build("Sqlite");
        await host.StartAsync();
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        var running = await checks.CheckHealthAsync();

        await host.StopAsync();
        var stopped = await checks.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, running.Entries[WorkflowsHealthCheckExtensions.BackendCheckName].Status);
        Assert.Equal(HealthStatus.Healthy, running.Entries[WorkflowsHealthCheckExtensions.WorkersCheckName].Status);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Entries[WorkflowsHealthCheckExtensions.WorkersCheckName].Status);
    }
}
