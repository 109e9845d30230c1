namespace Workflows.Backends;

/// <summary>
/// A broadcast wake-up: <see cref="Current"/> completes at the next <see cref="Notify"/>. Lets pollers in the same
/// process as the writer react at once instead of waiting for their poll interval.
/// </summary>
public sealed class WorkSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next notification.</summary>
    public Task Current => Volatile.Read(ref _tcs).Task;

    /// <summary>Wakes everyone waiting on <see cref="Current"/>.</summary>
    public void Notify()
    {
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _tcs, next).TrySetResult();
    }
}
