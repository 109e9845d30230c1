using Workflows.Worker;

namespace Workflows.Client;

public sealed partial class WorkflowClient
{
    /// <summary>How often auto-expiration looks for expired instances when no interval is given.</summary>
    public static readonly TimeSpan DefaultExpirationInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// Makes the database remove, by itself, every instance that finished longer than <paramref name="retention"/>
    /// ago: a built-in workflow (instance <c>workflows.auto-expiration</c>) removes them in batches every
    /// <paramref name="interval"/>, on whichever worker polls <paramref name="queue"/>. Calling this again while it
    /// runs changes the period and the interval at once (the new values reach it as a signal; no restart).
    /// </summary>
    /// <param name="retention">How long a finished instance is kept.</param>
    /// <param name="interval">How often to look; one hour by default.</param>
    /// <param name="queue">The queue whose workers run it; the default queue when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentOutOfRangeException">The retention or the interval is not positive.</exception>
    public async Task StartAutoExpirationAsync(TimeSpan retention, TimeSpan? interval = null, string? queue = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        var every = interval ?? DefaultExpirationInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero, nameof(interval));
        try
        {
            await StartWorkflowAsync(AutoExpiration.WorkflowName, new WorkflowOptions { InstanceId = AutoExpiration.InstanceId, Queue = queue ?? DefaultQueue },
                [retention.Ticks, every.Ticks], cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowInstanceAlreadyExistsException)
        {
            // Already running (on any queue): hand it the new settings; the next round uses them at once.
            await SignalWorkflowAsync(AutoExpiration.InstanceId, AutoExpiration.SettingsSignal, new[] { retention.Ticks, every.Ticks }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops auto-expiration (terminates its instance); nothing happens when it is not running.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task StopAutoExpirationAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await TerminateWorkflowAsync(AutoExpiration.InstanceId, "auto-expiration stopped", cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowInstanceNotFoundException)
        {
        }
    }
}
