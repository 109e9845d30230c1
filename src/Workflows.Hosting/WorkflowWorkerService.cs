using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Hosting;

/// <summary>
/// Runs one <see cref="WorkflowWorker"/> as a hosted service. Stopping stops polling and waits for work in flight;
/// when the host's shutdown timeout passes first (the token fires), running activities are cancelled and released
/// for another worker, so no lease outlives a clean stop.
/// </summary>
internal sealed partial class WorkflowWorkerService(IServiceProvider services, string name) : IHostedService, IAsyncDisposable
{
    private WorkflowWorker? _worker;

    // Taken at start: a stop may come while the container is being disposed, when nothing can be resolved from it.
    private WorkerMonitor? _monitor;
    private ILogger? _logger;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = services.GetRequiredService<IOptionsMonitor<WorkflowWorkerSettings>>().Get(name);
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var options = new WorkflowWorkerOptions
        {
            Queues = settings.Queues.Count > 0 ? [.. settings.Queues] : [WorkflowClient.DefaultQueue],
            WorkflowPollers = settings.WorkflowPollers,
            ActivityPollers = settings.ActivityPollers,
            MaxParallelWorkflowTasks = settings.MaxParallelWorkflowTasks,
            MaxParallelActivityTasks = settings.MaxParallelActivities,
            PollInterval = settings.PollInterval,
            EnableExecutorCache = settings.EnableExecutorCache,
            ExecutorCacheSize = settings.ExecutorCacheSize,
            BacklogMetricsInterval = settings.BacklogMetricsInterval,
            TimeProvider = services.GetService<TimeProvider>(),
            LoggerFactory = loggerFactory,
        };
        var worker = new WorkflowWorker(
            services.GetRequiredService<IBackend>(),
            services.GetRequiredService<WorkflowRegistry>(),
            options,
            new ServiceScopeActivityScopes(services.GetRequiredService<IServiceScopeFactory>()));
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        _worker = worker;
        _monitor = services.GetRequiredService<WorkerMonitor>();
        _logger = loggerFactory.CreateLogger<WorkflowWorkerService>();
        _monitor.Started(name, worker, settings);
        Log.WorkerStarted(_logger, name, string.Join(", ", options.Queues));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is not { } worker)
        {
            return;
        }

        _monitor?.Stopped(name);
        await worker.StopAsync(cancellationToken).ConfigureAwait(false);
        Log.WorkerStopped(_logger ?? NullLogger.Instance, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker)
        {
            await worker.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hosting log messages; event ids 5000–5099.</summary>
    private static partial class Log
    {
        [LoggerMessage(5000, LogLevel.Information, "Workflow worker {Worker} started on queues {Queues}")]
        public static partial void WorkerStarted(ILogger logger, string worker, string queues);

        [LoggerMessage(5001, LogLevel.Information, "Workflow worker {Worker} stopped")]
        public static partial void WorkerStopped(ILogger logger, string worker);
    }
}
