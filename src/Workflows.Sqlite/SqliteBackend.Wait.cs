using System.Globalization;
using Workflows.Backends;

namespace Workflows.Sqlite;

public sealed partial class SqliteBackend
{
    /// <inheritdoc />
    /// <remarks>
    /// Writes made through this backend wake the waiter at once. Writes by other processes are seen at the next
    /// poll, after at most <paramref name="maxWait"/>. The wait never runs past the moment the earliest known work
    /// (a timer, a retry delay, a lapsing lease) becomes claimable.
    /// </remarks>
    public async Task WaitForWorkAsync(WorkKind kind, IReadOnlyList<string> queues, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);

        // Taken before the look: a write that commits after the look notifies this very signal.
        var wake = (kind == WorkKind.Workflow ? _workflowSignal : _activitySignal).Current;
        string queuesJson = QueuesJson(queues);
        var (due, now) = await ReadAsync((db, now) =>
        {
            if (FindClaimable(db, kind == WorkKind.Workflow ? Sql.FindClaimableExecution : Sql.ActivityClaimCandidates(queues, batch: false), queuesJson, now) is not null)
            {
                return (SqliteTime.ToTicks(now), now);
            }

            object? value = db.Scalar(
                kind == WorkKind.Workflow ? Sql.NextWorkflowTaskDue : Sql.NextActivityTaskDue,
                ("$queues", queuesJson),
                ("$now", SqliteTime.ToTicks(now)));
            return (value is null ? (long?)null : Convert.ToInt64(value, CultureInfo.InvariantCulture), now);
        }, cancellationToken).ConfigureAwait(false);

        var wait = maxWait;
        if (due is { } ticks)
        {
            if (ticks <= SqliteTime.ToTicks(now))
            {
                return;
            }

            if (ticks != SqliteTime.Never)
            {
                var untilDue = TimeSpan.FromTicks(ticks - SqliteTime.ToTicks(now));
                wait = untilDue < wait ? untilDue : wait;
            }
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, Options.TimeProvider, cts.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
