using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Workflows.Hosting;

/// <summary>Every hosted worker is running and polling.</summary>
internal sealed class WorkersHealthCheck(WorkerMonitor monitor, WorkflowsBuilder builder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var workers = monitor.Workers;
        var missing = builder.WorkerNames.Where(n => !workers.Any(w => string.Equals(w.Name, n, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        bool degraded = false;
        foreach (var (name, worker, settings) in workers)
        {
            if (!worker.IsRunning)
            {
                missing.Add(name);
            }
            else if (!worker.IsSaturated && worker.SinceLastPoll is { } since && since > settings.StaleAfter)
            {
                degraded = true;
                problems.Add($"worker '{name}' has not polled for {since:g} (stale after {settings.StaleAfter:g})");
            }
        }

        if (missing.Count > 0)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"Not running: {string.Join(", ", missing)}."));
        }

        return Task.FromResult(degraded
            ? HealthCheckResult.Degraded(string.Join("; ", problems) + ".")
            : HealthCheckResult.Healthy($"{workers.Count} worker(s) running and polling."));
    }
}
