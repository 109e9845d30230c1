using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Workflows.Backends;

namespace Workflows.Diagnostics;

/// <summary>
/// The backlog gauges (<c>workflows.workflow_task.pending</c>, <c>workflows.activity_task.pending</c>). A scrape
/// never waits on the database: it reads the counts each running worker's <see cref="Monitor"/> keeps, and a monitor
/// whose counts are older than its interval refreshes them in the background, once at a time. Nobody scraping
/// means no queries at all. Workers that share a backend report it once.
/// </summary>
internal static class BacklogGauges
{
    private static readonly Lock s_gate = new();
    private static readonly List<Monitor> s_monitors = [];

    public static IEnumerable<Measurement<long>> ObserveWorkflowTasks() => Observe(static stats => stats.PendingWorkflowTasks, static m => m.WorkflowQueues);

    public static IEnumerable<Measurement<long>> ObserveActivityTasks() => Observe(static stats => stats.PendingActivityTasks, static m => m.ActivityQueues);

    /// <summary>Reports <paramref name="monitor"/>'s backend until <see cref="Remove"/>.</summary>
    public static void Add(Monitor monitor)
    {
        lock (s_gate)
        {
            s_monitors.Add(monitor);
        }
    }

    public static void Remove(Monitor monitor)
    {
        lock (s_gate)
        {
            s_monitors.Remove(monitor);
        }
    }

    private static List<Measurement<long>> Observe(Func<BackendStats, IReadOnlyDictionary<string, long>> counts, Func<Monitor, HashSet<string>> known)
    {
        Monitor[] monitors;
        lock (s_gate)
        {
            monitors = [.. s_monitors];
        }

        var measurements = new List<Measurement<long>>();
        var seen = new HashSet<IBackend>(ReferenceEqualityComparer.Instance);
        foreach (var monitor in monitors)
        {
            if (!seen.Add(monitor.Backend) || monitor.Current() is not { } stats)
            {
                continue;
            }

            var byQueue = counts(stats);
            lock (monitor.Gate)
            {
                // A queue that drained is missing from the counts; it reports 0 rather than vanishing from the gauge.
                var queues = known(monitor);
                queues.UnionWith(byQueue.Keys);
                foreach (string queue in queues)
                {
                    measurements.Add(new Measurement<long>(byQueue.GetValueOrDefault(queue), new KeyValuePair<string, object?>("workflows.queue", queue)));
                }
            }
        }

        return measurements;
    }

    /// <summary>One worker's cached view of its backend's backlog.</summary>
    internal sealed class Monitor(IBackend backend, IEnumerable<string> queues, TimeSpan interval, TimeProvider clock, ILogger logger)
    {
        private BackendStats? _stats;
        private long _refreshedAt;
        private int _refreshing;

        public IBackend Backend { get; } = backend;

        /// <summary>Guards the queue sets.</summary>
        public Lock Gate { get; } = new();

        public HashSet<string> WorkflowQueues { get; } = new(queues, StringComparer.Ordinal);

        public HashSet<string> ActivityQueues { get; } = new(queues, StringComparer.Ordinal);

        /// <summary>The last counts read (null before the first read ends); starts a refresh when they are stale.</summary>
        public BackendStats? Current()
        {
            var stats = Volatile.Read(ref _stats);
            if ((stats is null || clock.GetElapsedTime(Volatile.Read(ref _refreshedAt)) >= interval)
                && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                Volatile.Write(ref _refreshedAt, clock.GetTimestamp());
                _ = Task.Run(RefreshAsync);
            }

            return stats;
        }

        private async Task RefreshAsync()
        {
            try
            {
                Volatile.Write(ref _stats, await Backend.GetStatsAsync(CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                // The gauges keep the last counts; the next scrape after the interval tries again.
                Worker.WorkerLog.BacklogReadFailed(logger, interval, ex);
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        }
    }
}
