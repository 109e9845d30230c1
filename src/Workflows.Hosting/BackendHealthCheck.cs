using Microsoft.Extensions.Diagnostics.HealthChecks;
using Workflows.Backends;

namespace Workflows.Hosting;

/// <summary>
/// The backend is reachable and its schema current: a backend creates or migrates its schema on first use and
/// refuses a database newer than its code, so a read of its tables (<see cref="IBackend.GetStatsAsync"/>) answers both.
/// </summary>
internal sealed class BackendHealthCheck(IBackend backend) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var stats = await backend.GetStatsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Backend {backend.GetType().Name} answered; {stats.ActiveInstances} active instances.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception type only: driver messages may quote the server or user, never the connection string,
            // but the report is shown on endpoints and need not say more than that the backend failed.
            return new HealthCheckResult(context.Registration.FailureStatus, $"Backend {backend.GetType().Name} did not answer: {ex.GetType().Name}.");
        }
    }
}
