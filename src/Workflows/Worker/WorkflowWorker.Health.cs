namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    // Clock timestamp of the last time a poller went round its loop; 0 before the first. Read by health checks.
    private long _lastPollTimestamp;

    /// <summary>Whether the worker was started and not stopped.</summary>
    internal bool IsRunning => Volatile.Read(ref _state) == 1;

    /// <summary>
    /// How long since a poller last went round its loop, or null when none has yet. A worker whose slots are all
    /// taken does not poll and is not stale: see <see cref="IsSaturated"/>.
    /// </summary>
    internal TimeSpan? SinceLastPoll
    {
        get
        {
            long last = Interlocked.Read(ref _lastPollTimestamp);
            return last == 0 ? null : Clock.GetElapsedTime(last);
        }
    }

    /// <summary>Whether every workflow or every activity slot is taken, so pollers of that kind wait for a slot.</summary>
    internal bool IsSaturated => _workflowSlots.CurrentCount == 0 || _activitySlots.CurrentCount == 0;

    /// <summary>Activity slots no task holds now.</summary>
    internal int FreeActivitySlots => _activitySlots.CurrentCount;

    private void NotePoll() => Interlocked.Exchange(ref _lastPollTimestamp, Clock.GetTimestamp());
}
