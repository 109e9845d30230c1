namespace Workflows.Runtime;

/// <summary>
/// Executors of running instances, least recently used first out, so the next workflow task of an instance runs
/// incrementally instead of replaying its whole history. An executor is taken out while it runs and put back
/// after its task committed; the backend's instance lease guarantees one task per instance at a time.
/// </summary>
internal sealed class ExecutorCache(int capacity, TimeSpan idleTime, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WorkflowInstance, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _lru = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public WorkflowExecutor? TryTake(WorkflowInstance instance)
    {
        lock (_gate)
        {
            if (!_entries.Remove(instance, out var node))
            {
                return null;
            }

            _lru.Remove(node);
            if (clock.GetUtcNow() - node.Value.LastUsed > idleTime)
            {
                CountEviction(node.Value.Executor, "idle");
                return null;
            }

            return node.Value.Executor;
        }
    }

    public void Put(WorkflowExecutor executor)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_entries.Remove(executor.Instance, out var existing))
            {
                _lru.Remove(existing);
            }

            _entries[executor.Instance] = _lru.AddFirst(new Entry(executor, now));

            // Evict the least recently used beyond capacity, and whatever sat idle too long.
            while (_lru.Last is { } last && (_entries.Count > capacity || now - last.Value.LastUsed > idleTime))
            {
                CountEviction(last.Value.Executor, _entries.Count > capacity ? "capacity" : "idle");
                _entries.Remove(last.Value.Executor.Instance);
                _lru.RemoveLast();
            }
        }
    }

    public void Remove(WorkflowInstance instance)
    {
        lock (_gate)
        {
            if (_entries.Remove(instance, out var node))
            {
                _lru.Remove(node);
            }
        }
    }

    /// <summary>
    /// Counts an executor dropped before its instance finished: its next task replays the history.
    /// <paramref name="reason"/> is <c>capacity</c>, <c>idle</c> or <c>stale</c> (the history moved on elsewhere).
    /// </summary>
    public static void CountEviction(WorkflowExecutor executor, string reason)
        => Diagnostics.Telemetry.ExecutorCacheEvictions.Add(
            1,
            Diagnostics.Telemetry.WorkflowTag(executor.Context.WorkflowName),
            new KeyValuePair<string, object?>("workflows.eviction.reason", reason));

    private sealed record Entry(WorkflowExecutor Executor, DateTimeOffset LastUsed);
}
