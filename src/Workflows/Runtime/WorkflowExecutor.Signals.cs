using Workflows.History;

namespace Workflows.Runtime;

/// <summary>The signals of one name: payloads in arrival order and whoever waits for the next.</summary>
internal sealed class SignalQueue(string name)
{
    private readonly List<TaskCompletionSource> _waiters = [];

    public string Name { get; } = name;

    public Queue<string?> Payloads { get; } = new();

    public int Waiters => _waiters.Count;

    public Task WaitAsync()
    {
        var waiter = new TaskCompletionSource();
        _waiters.Add(waiter);
        return waiter.Task;
    }

    public void Add(string? payload)
    {
        Payloads.Enqueue(payload);
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult();
        }

        _waiters.Clear();
    }
}

internal sealed partial class WorkflowExecutor
{
    // Signals per name in arrival order, kept until the workflow takes them (also before it asks for the channel).
    private readonly Dictionary<string, SignalQueue> _signals = new(StringComparer.Ordinal);

    internal SignalQueue SignalQueue(string name)
    {
        if (!_signals.TryGetValue(name, out var queue))
        {
            _signals[name] = queue = new SignalQueue(name);
        }

        return queue;
    }

    private void OnSignal(SignalReceivedAttributes signal)
    {
        if (!TryDispatchSignal(signal))
        {
            SignalQueue(signal.Name).Add(signal.Value);
        }
    }

    // Waiting for a signal is legitimate waiting: the signal comes from outside.
    private bool HasSignalWaiters()
    {
        foreach (var queue in _signals.Values)
        {
            if (queue.Waiters > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Signals that arrived but were never taken, to hand to the next execution on continue-as-new.</summary>
    private IEnumerable<(string Name, string? Payload)> UnconsumedSignals()
        => _signals.Values.SelectMany(q => q.Payloads.Select(p => (q.Name, p)));
}
