using Microsoft.Extensions.Logging;

namespace Workflows.Worker;

/// <summary>
/// One lease kept alive by a <see cref="LeaseRenewer"/>, from the moment the work was claimed until it is disposed.
/// A renewal that finds the lease gone cancels <see cref="LeaseLost"/>, so the work stops and its result is dropped.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    // Renewals whose outcome is not known yet. A renewal is started every interval even while an earlier one has not
    // reported back (its report may wait for a busy thread pool although its write already landed); beyond this many
    // the database itself is stuck, and piling up more would not help.
    private const int MaxOutstanding = 4;

    private readonly LeaseRenewer _renewer;
    private readonly Func<CancellationToken, Task> _renew;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly Lock _lock = new();

    // Made by the first renewal: most work ends before one is due.
    private CancellationTokenSource? _stop;
    private List<Task>? _outstanding;
    private volatile bool _stopped;

    public LeaseKeeper(LeaseRenewer renewer, Func<CancellationToken, Task> renew, TimeSpan interval, long claimedAt, ILogger logger)
    {
        _renewer = renewer;
        _renew = renew;
        _logger = logger;
        Interval = interval;
        LastRenewal = claimedAt;
    }

    /// <summary>Fires when the lease was found lost.</summary>
    public CancellationToken LeaseLost => _lost.Token;

    /// <summary>How often the lease is renewed.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The clock's timestamp of the claim or the last renewal started; only touched by the renewer's thread.</summary>
    public long LastRenewal { get; private set; }

    /// <summary>Starts a renewal; called on the renewer's thread.</summary>
    internal void Renew(long now)
    {
        LastRenewal = now;
        Task renewal;
        lock (_lock)
        {
            if (_stopped || _outstanding?.Count >= MaxOutstanding)
            {
                return;
            }

            _stop ??= new CancellationTokenSource();
            try
            {
                FaultPoints.Hit(FaultPoints.LeaseRenewal);
                renewal = _renew(_stop.Token);
            }
            catch (Exception ex)
            {
                renewal = Task.FromException(ex);
            }

            (_outstanding ??= []).Add(renewal);
        }

        _ = renewal.ContinueWith(static (done, state) => ((LeaseKeeper)state!).Renewed(done), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Renewed(Task renewal)
    {
        lock (_lock)
        {
            _outstanding!.Remove(renewal);
        }

        switch (renewal.Exception?.InnerException)
        {
            case null:
                break;
            case LeaseLostException:
                // The work's cancellation callbacks run elsewhere: this may be a backend's writer thread.
                _ = _lost.CancelAsync();
                break;
            case OperationCanceledException when _stopped:
                break;
            case { } ex:
                // A transient failure: the next interval tries again; the lease is ours until it expires.
                WorkerLog.RenewFailed(_logger, ex);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _renewer.Forget(this);
        Task[] outstanding;
        lock (_lock)
        {
            _stopped = true;
            _stop?.Cancel();
            if (_outstanding is not { Count: > 0 })
            {
                return;
            }

            outstanding = [.. _outstanding];
        }

        // A renewal still running must not outlive the work (it would touch a backend the caller may close next).
        try
        {
            await Task.WhenAll(outstanding).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by Renewed.
        }
    }
}
