using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Workflows.Backends;
using Workflows.Backends.Tests.MySql;
using Workflows.Backends.Tests.Postgres;
using Workflows.Client;

namespace Workflows.Hosting.Tests;

/// <summary>
/// A worker-service host on a real server, configured the way an application is: <c>Workflows:Backend</c> and
/// <c>Workflows:ConnectionString</c> from configuration, <c>UseMySql</c> / <c>UsePostgres</c> in <c>AddWorkflows</c>.
/// </summary>
internal static class ServerHost
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs a workflow whose activity takes a scoped service, checks the health checks, stops the host and reads what
    /// it left behind through <paramref name="openBackend"/>.
    /// </summary>
    public static async Task RunAsync(string backend, string connectionString, string schema, Func<IBackend> openBackend)
    {
        string probe = Guid.NewGuid().ToString("N");
        using var host = TestHosts.Build(
            backend,
            new Dictionary<string, string?> { ["Workflows:ConnectionString"] = connectionString },
            shutdownTimeout: Wait,
            serverSchema: schema);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<WorkflowClient>();
        var checks = host.Services.GetRequiredService<HealthCheckService>();

        var handle = await client.StartCountThriceAsync(probe);
        int result = await handle.GetResultAsync(Wait);
        var running = await checks.CheckHealthAsync();
        using (var stopping = new CancellationTokenSource(Wait))
        {
            await host.StopAsync(stopping.Token);
        }

        var stopped = await checks.CheckHealthAsync();

        Assert.Equal(3, result);
        Assert.Equal(backend, host.Services.GetRequiredService<IBackend>().GetType().Name.Replace("Backend", "", StringComparison.Ordinal));
        var used = ScopedProbe.Events[probe].Where(e => e.StartsWith("used:", StringComparison.Ordinal)).Select(e => e[5..]).ToList();
        Assert.Equal(3, used.Distinct().Count());
        Assert.All(used, id => Assert.Contains($"disposed-async:{id}", ScopedProbe.Events[probe]));
        Assert.Equal(HealthStatus.Healthy, running.Status);
        Assert.Equal(HealthStatus.Healthy, running.Entries[WorkflowsHealthCheckExtensions.BackendCheckName].Status);
        Assert.Equal(HealthStatus.Healthy, running.Entries[WorkflowsHealthCheckExtensions.WorkersCheckName].Status);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Entries[WorkflowsHealthCheckExtensions.WorkersCheckName].Status);

        // What the host wrote is in the server, finished, with nothing left running.
        await using var reader = openBackend();
        var stats = await reader.GetStatsAsync();
        Assert.Equal(0, stats.ActiveInstances);
        Assert.Equal(1, stats.InstancesByStatus.GetValueOrDefault(WorkflowStatus.Completed));
    }
}

[Collection(MariaDbCollection.Name)]
public sealed class MySqlHostTests(MariaDbServer server)
{
    [MariaDbFact]
    public async Task AddWorkflows_UseMySqlFromConfiguration_RunsScopedActivityHealthyAndStopsCleanly()
    {
        var options = server.CreateOptions();
        await ServerHost.RunAsync("MySql", server.ConnectionString, options.SchemaName!, () => Workflows.MySql.MySqlBackend.Open(server.ConnectionString, options));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresHostTests(PostgresServer server)
{
    [PostgresFact]
    public async Task AddWorkflows_UsePostgresFromConfiguration_RunsScopedActivityHealthyAndStopsCleanly()
    {
        var options = server.CreateOptions();
        await ServerHost.RunAsync("Postgres", server.ConnectionString, options.SchemaName!, () => Workflows.Postgres.PostgresBackend.Open(server.ConnectionString, options));
    }
}
