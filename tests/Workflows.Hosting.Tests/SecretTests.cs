using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workflows.Hosting.Tests;

public sealed class SecretTests
{
    private const string Sentinel = "SENTINEL-pw-7f3a9c";

    [Fact]
    public async Task HostRun_BackendUnreachable_PasswordInNoLogLine()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Explicit: the sample's appsettings.json (copied next to the tests) names SQLite.
            ["Workflows:Backend"] = "MySql",

            // Port 9 (discard) on loopback: nothing listens, so every backend call fails and is logged.
            ["Workflows:ConnectionString"] = $"Server=127.0.0.1;Port=9;Database=workflows;User ID=workflows;Password={Sentinel};Connection Timeout=2",
        });
        builder.Services.AddHealthChecks().AddWorkflowsChecks();
        builder.Services.AddWorkflows(w => w.UseMySql(configure: o => o with { MaxRetries = 1 }).AddWorker());
        using var host = builder.Build();

        try
        {
            await host.StartAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!logs.Lines.Any(l => l.Contains("[1000]", StringComparison.Ordinal)))
            {
                await Task.Delay(50, deadline.Token);
            }

            var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, health.Entries[WorkflowsHealthCheckExtensions.BackendCheckName].Status);
            Assert.DoesNotContain(Sentinel, health.Entries[WorkflowsHealthCheckExtensions.BackendCheckName].Description ?? "", StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Contains(logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Sentinel, StringComparison.Ordinal));
    }
}
