using Workflows.History;

namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    // Signals that arrived, in arrival order, per signal name; the signal channels of the next runtime part read them.
    private readonly Dictionary<string, Queue<string?>> _signals = new(StringComparer.Ordinal);

    private void OnSignal(SignalReceivedAttributes signal)
    {
        if (!_signals.TryGetValue(signal.Name, out var queue))
        {
            _signals[signal.Name] = queue = new Queue<string?>();
        }

        queue.Enqueue(signal.Value);
    }

    private static bool HasSignalWaiters() => false;
}
