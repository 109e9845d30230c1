namespace Workflows.Worker;

/// <summary>
/// Renews a lease every third of its length while work runs. A renewal that finds the lease gone cancels
/// <see cref="LeaseLost"/>, so the work stops and its result is dropped.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    public LeaseKeeper(Func<CancellationToken, Task> renew, TimeSpan leaseLength, TimeProvider clock, Microsoft.Extensions.Logging.ILogger logger)
    {
        var interval = leaseLength / 3;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, clock, _stop.Token).ConfigureAwait(false);
                    await renew(_stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (LeaseLostException)
                {
                    await _lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
                catch (Exception ex)
                {
                    // A transient failure: try again at the next interval; the lease is still ours until it expires.
                    WorkerLog.RenewFailed(logger, ex);
                }
            }
        });
    }

    /// <summary>Fires when the lease was found lost.</summary>
    public CancellationToken LeaseLost => _lost.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _lost.Dispose();
    }
}
