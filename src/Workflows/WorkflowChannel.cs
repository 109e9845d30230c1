using Workflows.Runtime;

namespace Workflows;

/// <summary>
/// A channel between coroutines of one workflow (<see cref="WorkflowContext.NewChannel{T}(int)"/>): deterministic,
/// lives on the workflow scheduler, and is rebuilt by replay like everything else in the workflow. With capacity
/// 0 a send waits until a receiver takes the value.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public sealed class WorkflowChannel<T> : IWorkflowReadable<T>
{
    private readonly WorkflowExecutor _executor;
    private readonly int _capacity;
    private readonly Queue<T> _buffer = new();
    private readonly Queue<(T Value, TaskCompletionSource Sent)> _senders = new();
    private readonly Queue<TaskCompletionSource<T>> _receivers = new();
    private readonly List<TaskCompletionSource<bool>> _readWaiters = [];

    internal WorkflowChannel(WorkflowExecutor executor, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _executor = executor;
        _capacity = capacity;
    }

    /// <summary>Whether <see cref="Close"/> was called.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Sends a value; waits while the channel is full (or, unbuffered, until a receiver takes it).</summary>
    /// <exception cref="InvalidOperationException">The channel is closed.</exception>
    public Task SendAsync(T value)
    {
        _executor.AssertOnScheduler("WorkflowChannel.SendAsync");
        if (IsClosed)
        {
            throw new InvalidOperationException("Cannot send on a closed workflow channel.");
        }

        if (_receivers.TryDequeue(out var receiver))
        {
            receiver.TrySetResult(value);
            return Task.CompletedTask;
        }

        if (_buffer.Count < _capacity)
        {
            _buffer.Enqueue(value);
            WakeReaders(true);
            return Task.CompletedTask;
        }

        var sent = new TaskCompletionSource();
        _senders.Enqueue((value, sent));
        WakeReaders(true);
        return sent.Task;
    }

    /// <summary>Receives the next value, waiting for one.</summary>
    /// <exception cref="InvalidOperationException">The channel is closed and empty.</exception>
    public Task<T> ReceiveAsync()
    {
        _executor.AssertOnScheduler("WorkflowChannel.ReceiveAsync");
        if (TryReceive(out var value))
        {
            return Task.FromResult(value);
        }

        if (IsClosed)
        {
            return Task.FromException<T>(new InvalidOperationException("The workflow channel is closed."));
        }

        var receiver = new TaskCompletionSource<T>();
        _receivers.Enqueue(receiver);
        return receiver.Task;
    }

    /// <summary>Takes a value if one is ready, without waiting.</summary>
    public bool TryReceive(out T value)
    {
        _executor.AssertOnScheduler("WorkflowChannel.TryReceive");
        if (_buffer.TryDequeue(out value!))
        {
            // A slot freed up: the first waiting sender moves into the buffer.
            if (_senders.TryDequeue(out var waiting))
            {
                _buffer.Enqueue(waiting.Value);
                waiting.Sent.TrySetResult();
            }

            return true;
        }

        if (_senders.TryDequeue(out var sender))
        {
            value = sender.Value;
            sender.Sent.TrySetResult();
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Completes with true when a value is ready (without taking it), or false once the channel is closed and empty.</summary>
    public Task<bool> WaitToReadAsync()
    {
        _executor.AssertOnScheduler("WorkflowChannel.WaitToReadAsync");
        if (_buffer.Count > 0 || _senders.Count > 0)
        {
            return Task.FromResult(true);
        }

        if (IsClosed)
        {
            return Task.FromResult(false);
        }

        var waiter = new TaskCompletionSource<bool>();
        _readWaiters.Add(waiter);
        return waiter.Task;
    }

    /// <summary>Closes the channel: no more sends; receivers drain what is buffered, then fail.</summary>
    public void Close()
    {
        _executor.AssertOnScheduler("WorkflowChannel.Close");
        IsClosed = true;
        while (_receivers.TryDequeue(out var receiver))
        {
            receiver.TrySetException(new InvalidOperationException("The workflow channel is closed."));
        }

        WakeReaders(false);
    }

    private void WakeReaders(bool ready)
    {
        foreach (var waiter in _readWaiters)
        {
            waiter.TrySetResult(ready);
        }

        _readWaiters.Clear();
    }
}

/// <summary>Something a workflow can receive from without consuming on a look: workflow and signal channels.</summary>
/// <typeparam name="T">The value type.</typeparam>
public interface IWorkflowReadable<T>
{
    /// <summary>Takes a value if one is ready.</summary>
    bool TryReceive(out T value);

    /// <summary>Completes when a value is ready, without taking it (false when none will come).</summary>
    Task<bool> WaitToReadAsync();
}
