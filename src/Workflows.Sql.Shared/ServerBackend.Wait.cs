using Workflows.Backends;

// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;

public sealed partial class MySqlBackend
#else
namespace Workflows.Postgres;

public sealed partial class PostgresBackend
#endif
{
    /// <inheritdoc />
    /// <remarks>
    /// Writes made through this backend wake the waiter at once. On PostgreSQL so do writes by other processes, through
    /// the <c>LISTEN/NOTIFY</c> session (<c>PostgresBackendOptions.ListenForWork</c>); on MySQL, and on PostgreSQL
    /// without that session or while it is down, they are seen at the next poll, after at most
    /// <paramref name="maxWait"/>. The wait never runs past the moment the earliest known work (a timer, a retry
    /// delay, a lapsing lease) becomes claimable by the database clock.
    /// </remarks>
    public async Task WaitForWorkAsync(WorkKind kind, IReadOnlyList<string> queues, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);

        await BeforeWaitAsync(cancellationToken).ConfigureAwait(false);

        // Taken before the look: a write that commits after the look notifies this very signal.
        var wake = (kind == WorkKind.Workflow ? _workflowSignal : _activitySignal).Current;
        var wait = maxWait;
        if (queues.Count > 0)
        {
            var (due, now) = await ReadAsync(
                async (db, ct) =>
                {
                    bool workflow = kind == WorkKind.Workflow;
                    if (await db.ScalarAsync(workflow ? Sql.AnyClaimableExecution : Sql.AnyClaimableActivity, queues, ct).ConfigureAwait(false) is not null)
                    {
                        return ((DateTime?)db.Now, db.Now);
                    }

                    var value = await db.ScalarAsync(workflow ? Sql.NextWorkflowTaskDue : Sql.NextActivityTaskDue, queues, ct).ConfigureAwait(false);
                    return (value is DateTime d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : (DateTime?)null, db.Now);
                },
                cancellationToken).ConfigureAwait(false);

            if (due is { } at)
            {
                if (at <= now)
                {
                    return;
                }

                if (at < ServerTime.Never)
                {
                    var untilDue = at - now;
                    wait = untilDue < wait ? untilDue : wait;
                }
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
