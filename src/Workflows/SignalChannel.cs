using Workflows.Runtime;

namespace Workflows;

/// <summary>
/// The signals of one name sent to this instance (<see cref="WorkflowContext.Signals{T}(string)"/>). Signals that
/// arrived before the workflow asked for the channel are kept, in arrival order; none is dropped, except a value that
/// cannot be decoded as <typeparamref name="T"/>, which is skipped with a warning in the workflow's log naming the signal.
/// </summary>
/// <typeparam name="T">The signal value type.</typeparam>
public sealed class SignalChannel<T> : IWorkflowReadable<T>
{
    private readonly WorkflowExecutor _executor;
    private readonly SignalQueue _queue;

    internal SignalChannel(WorkflowExecutor executor, SignalQueue queue)
    {
        _executor = executor;
        _queue = queue;
    }

    /// <summary>The signal name.</summary>
    public string Name => _queue.Name;

    /// <summary>Receives the next signal, waiting for one.</summary>
    public async Task<T> ReceiveAsync()
    {
        _executor.AssertOnScheduler("SignalChannel.ReceiveAsync");
        while (true)
        {
            if (TryReceive(out var value))
            {
                return value;
            }

            await _queue.WaitAsync();
        }
    }

    /// <summary>Takes the next signal if one has arrived, without waiting.</summary>
    public bool TryReceive(out T value)
    {
        _executor.AssertOnScheduler("SignalChannel.TryReceive");
        while (_queue.Payloads.TryDequeue(out var payload))
        {
            // Any client can send any value under any signal name: one that does not decode as T is skipped (and
            // logged once, not on replay, naming the signal) instead of failing the instance. Skipping is
            // deterministic, since replay meets the same payload and the same failure.
            object? decoded;
            try
            {
                decoded = _executor.Converter.Deserialize(payload, typeof(T));
            }
            catch (Exception ex)
            {
                Skipped(ex.Message);
                continue;
            }

            if (decoded is T typed)
            {
                value = typed;
                return true;
            }

            if (decoded is null && default(T) is null)
            {
                value = default!;
                return true;
            }

            Skipped($"the converter returned {decoded?.GetType().Name ?? "null"}");
        }

        value = default!;
        return false;
    }

    // Logged and counted once: the logger is silent while replaying, and so is the counter.
    private void Skipped(string reason)
    {
        RuntimeLog.SignalNotDecoded(_executor.Context.Logger, Name, _executor.Instance, typeof(T).Name, reason);
        if (!_executor.Context.IsReplaying)
        {
            Diagnostics.Telemetry.SignalsSkipped.Add(
                1,
                new KeyValuePair<string, object?>("workflows.workflow.name", _executor.Context.WorkflowName),
                new KeyValuePair<string, object?>("workflows.signal.name", Name));
        }
    }

    /// <summary>Completes when a signal is waiting, without taking it.</summary>
    public Task<bool> WaitToReadAsync()
    {
        _executor.AssertOnScheduler("SignalChannel.WaitToReadAsync");
        return _queue.Payloads.Count > 0 ? Task.FromResult(true) : WaitThenTrue();
    }

    private async Task<bool> WaitThenTrue()
    {
        await _queue.WaitAsync();
        return true;
    }
}
