using Microsoft.Extensions.Logging;

namespace Workflows.Worker;

/// <summary>
/// Renews a lease every third of its length while work runs. A renewal that finds the lease gone cancels
/// <see cref="LeaseLost"/>, so the work stops and its result is dropped. The renewal timer is created when the
/// keeper is, on the worker's clock, so renewals are due from the moment the work was claimed.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task> _renew;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _timer;
    private Task _renewal = Task.CompletedTask;
    private int _busy;

    public LeaseKeeper(Func<CancellationToken, Task> renew, TimeSpan leaseLength, TimeProvider clock, ILogger logger)
    {
        _renew = renew;
        _logger = logger;
        var interval = leaseLength / 3;
        _timer = clock.CreateTimer(static state => ((LeaseKeeper)state!).Tick(), this, interval, interval);
    }

    /// <summary>Fires when the lease was found lost.</summary>
    public CancellationToken LeaseLost => _lost.Token;

    private void Tick()
    {
        // One renewal at a time; a tick during a slow renewal is skipped.
        if (_stop.IsCancellationRequested || Interlocked.Exchange(ref _busy, 1) == 1)
        {
            return;
        }

        _renewal = RenewAsync();
    }

    private async Task RenewAsync()
    {
        try
        {
            await _renew(_stop.Token).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            await _lost.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A transient failure: try again at the next tick; the lease is ours until it expires.
            WorkerLog.RenewFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);
        _stop.Dispose();
        _lost.Dispose();
    }
}
