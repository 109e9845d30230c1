using System.Collections.Concurrent;
using Workflows.Worker;

namespace Workflows.Hosting;

/// <summary>The hosted workers of a container, by name, for the health check.</summary>
internal sealed class WorkerMonitor
{
    private readonly ConcurrentDictionary<string, (WorkflowWorker Worker, WorkflowWorkerSettings Settings)> _workers = new(StringComparer.OrdinalIgnoreCase);

    public void Started(string name, WorkflowWorker worker, WorkflowWorkerSettings settings) => _workers[name] = (worker, settings);

    public void Stopped(string name) => _workers.TryRemove(name, out _);

    public IReadOnlyList<(string Name, WorkflowWorker Worker, WorkflowWorkerSettings Settings)> Workers
        => _workers.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => (w.Key, w.Value.Worker, w.Value.Settings)).ToList();
}
