using Microsoft.Extensions.Logging;

namespace Workflows.Worker;

/// <summary>
/// Renews every lease one worker holds, from a thread of its own. Activities that block their threads can take every
/// thread-pool thread; a renewal that waited for one of them would let the lease lapse and the work run twice, so
/// neither the timing nor the start of a renewal goes through the pool.
/// </summary>
/// <remarks>
/// The thread sleeps until the next renewal is due by the worker's clock. With a clock other than the system's (a
/// fake one in tests), a timer on that clock wakes the thread when the clock moves; the thread still wakes at least
/// once a second, so a wake-up missed by such a clock only delays a renewal.
/// </remarks>
internal sealed class LeaseRenewer : IDisposable
{
    private static readonly TimeSpan s_longestSleep = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    // A set: a keeper leaves it when its work ends, once per step, and a list's search for it grew with the slots.
    private readonly HashSet<LeaseKeeper> _leases = [];
    private readonly AutoResetEvent _wake = new(initialState: false);
    private readonly ITimer? _clockTimer;
    private readonly Thread _thread;
    private volatile bool _stopped;

    public LeaseRenewer(TimeProvider clock, ILogger logger)
    {
        _clock = clock;
        _logger = logger;
        _clockTimer = clock == TimeProvider.System
            ? null
            : clock.CreateTimer(static state => ((LeaseRenewer)state!)._wake.Set(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _thread = new Thread(Run) { IsBackground = true, Name = "Workflows lease renewal" };
        _thread.Start();
    }

    /// <summary>
    /// Starts keeping a lease claimed just now: renewed every third of <paramref name="leaseLength"/> until the
    /// returned keeper is disposed.
    /// </summary>
    public LeaseKeeper Keep(Func<CancellationToken, Task> renew, TimeSpan leaseLength)
    {
        var keeper = new LeaseKeeper(this, renew, leaseLength / 3, _clock.GetTimestamp(), _logger);
        lock (_lock)
        {
            _leases.Add(keeper);
        }

        // The thread never sleeps longer than s_longestSleep, so it reaches a lease whose first renewal is due later
        // than that in time without being woken: waking it for every claim (a kernel wake and a scan of every lease
        // per step) bought nothing.
        if (keeper.Interval < s_longestSleep)
        {
            _wake.Set();
        }

        return keeper;
    }

    internal void Forget(LeaseKeeper keeper)
    {
        lock (_lock)
        {
            _leases.Remove(keeper);
        }
    }

    /// <summary>Ends the thread; leases still kept are no longer renewed.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _wake.Set();
        _thread.Join();
        _clockTimer?.Dispose();
        _wake.Dispose();
    }

    private void Run()
    {
        var due = new List<LeaseKeeper>();
        while (!_stopped)
        {
            long now = _clock.GetTimestamp();
            var sleep = s_longestSleep;
            lock (_lock)
            {
                foreach (var lease in _leases)
                {
                    var wait = lease.Interval - _clock.GetElapsedTime(lease.LastRenewal, now);
                    if (wait <= TimeSpan.Zero)
                    {
                        due.Add(lease);
                        wait = lease.Interval;
                    }

                    if (wait < sleep)
                    {
                        sleep = wait;
                    }
                }
            }

            foreach (var lease in due)
            {
                // Starting a renewal only queues its write (on SQLite, for the writer's own thread): it does not
                // wait for the database here, so one slow renewal does not hold up the others.
                lease.Renew(now);
            }

            due.Clear();
            _clockTimer?.Change(sleep, Timeout.InfiniteTimeSpan);
            _wake.WaitOne(sleep);
        }
    }
}
