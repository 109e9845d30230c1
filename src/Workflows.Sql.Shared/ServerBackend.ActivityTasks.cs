using System.Globalization;
using System.Text.Json;
using Workflows.Backends;
using Workflows.History;

// Compiled into both server backends (MySQL/MariaDB and PostgreSQL): one claim and commit code for both, over each
// backend's own Sql statements, Db unit of work and row codecs, which the names below resolve to.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;

public sealed partial class MySqlBackend
#else
namespace Workflows.Postgres;

public sealed partial class PostgresBackend
#endif
{
    /// <inheritdoc />
    public async Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (queues.Count == 0)
        {
            return null;
        }

        while (true)
        {
            // A claim whose COMMIT is lost leaves a lease nobody uses; it lapses and the activity is claimed again.
            var (task, corrupt) = await WriteAsync(
                async (db, ct) =>
                {
                    // Tables: activities.
                    long id;
                    WorkflowInstance instance;
                    string eventId, queue, attributesJson;
                    long scheduleEventId, timestamp;
                    await using (var reader = await db.ReaderAsync(Sql.ClaimableActivityForUpdate, queues, ct).ConfigureAwait(false))
                    {
                        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            return ((ActivityTask?)null, (CorruptActivity?)null);
                        }

                        id = reader.GetInt64(0);
                        instance = new WorkflowInstance(reader.GetString(1), reader.GetString(2));
                        eventId = reader.GetString(3);
                        queue = reader.GetString(4);
                        scheduleEventId = reader.GetInt64(5);
                        timestamp = reader.GetInt64(6);
                        attributesJson = reader.GetString(7);
                    }

                    // The row is locked by the read above, so the claim cannot miss it: it goes with the COMMIT.
                    string token = Guid.NewGuid().ToString("N");
                    db.Defer(
                        Sql.ClaimActivity,
                        ("@id", id),
                        ("@lockToken", token),
                        ("@worker", _options.WorkerName),
                        ("@lockedUntil", ServerTime.Add(db.Now, Options.ActivityLockTimeout)));
                    try
                    {
                        var attributes = (ActivityScheduledAttributes)HistorySerializer.DeserializeAttributes(attributesJson);
                        var scheduled = new HistoryEvent(eventId, 0, new DateTimeOffset(timestamp, TimeSpan.Zero), scheduleEventId, attributes);
                        return (new ActivityTask(instance, token, queue, scheduled), null);
                    }
                    catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidCastException)
                    {
                        return (null, new CorruptActivity(instance, eventId, token, scheduleEventId, new CorruptRowException("activities", instance, $"event id {eventId}", ex)));
                    }
                },
                cancellationToken).ConfigureAwait(false);

            if (corrupt is null)
            {
                return task;
            }

            // The row cannot become an ActivityTask: fail that one activity (the workflow sees an ActivityFailed and
            // its retry policy decides) instead of offering the row to every poll forever.
            var error = WorkflowError.FromException(corrupt.Error) with { StackTrace = null, NonRetryable = true };
            var failed = HistoryEvent.Create(DateTimeOffset.UtcNow, new ActivityFailedAttributes(error), corrupt.ScheduleEventId);
            try
            {
                await CompleteActivityAsync(corrupt.Instance, corrupt.EventId, corrupt.LockToken, failed, null, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseLostException)
            {
                // Someone else took it over meanwhile; they meet the same row.
            }
        }
    }

    private sealed record CorruptActivity(WorkflowInstance Instance, string EventId, string LockToken, long ScheduleEventId, CorruptRowException Error);

    /// <inheritdoc />
    public Task ExtendActivityTaskAsync(ActivityTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync(
            async (db, ct) =>
            {
                // Tables: activities.
                int rows = await db.ExecuteAsync(Sql.ExtendActivityLease, ct, ActivityLeaseParameters(task, db.Now)).ConfigureAwait(false);
                Fence.RequireHeld(rows, Fence.ActivityTask(task.ScheduledEvent.Id, task.Instance));
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(resultEvent);
        return CompleteActivityAsync(task.Instance, task.ScheduledEvent.Id, task.LockToken, resultEvent, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WorkflowTask?> CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(resultEvent);
        ArgumentNullException.ThrowIfNull(queues);
        return CompleteActivityAsync(task.Instance, task.ScheduledEvent.Id, task.LockToken, resultEvent, queues, cancellationToken);
    }

    private async Task<WorkflowTask?> CompleteActivityAsync(WorkflowInstance instance, string eventId, string lockToken, HistoryEvent resultEvent, IReadOnlyList<string>? claimQueues, CancellationToken cancellationToken)
    {
        var key = new (string, object?)[] { ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId), ("@eventId", eventId), ("@lockToken", lockToken) };

        // The workflow task claimed by the attempt that reached COMMIT, for when its acknowledgement is lost.
        WorkflowTask? eager = null;
        var claimed = await WriteAsync<WorkflowTask?>(
            async (db, ct) =>
            {
                // Tables: executions, pending_events, activities. The lock on the execution keeps a commit that
                // finishes it from slipping between this status check and the insert. It is exclusive when this
                // completion may claim the execution: taking it shared and upgrading later would deadlock two
                // completions of the same execution.
                eager = null;
                ClaimCandidate? candidate = null;
                bool running;
                if (claimQueues is null)
                {
                    running = await ReadStatusAsync(db, instance, shared: true, ct).ConfigureAwait(false) == WorkflowStatus.Running;
                }
                else
                {
                    candidate = await ReadClaimCandidateForUpdateAsync(db, instance, ct).ConfigureAwait(false);
                    running = candidate is not null;
                }

                if (running)
                {
                    await InsertPendingEventAsync(db, instance, resultEvent, ct).ConfigureAwait(false);
                }

                // The fence: 0 rows means this attempt no longer holds the task (a duplicate); the rollback drops the event.
                Fence.RequireHeld(await db.ExecuteAsync(Sql.DeleteHeldActivity, ct, key).ConfigureAwait(false), Fence.ActivityTask(eventId, instance));

                if (candidate is { Claimable: true } c && claimQueues!.Contains(c.Queue, StringComparer.Ordinal))
                {
                    eager = await ClaimExecutionOfAsync(db, instance, c, ct).ConfigureAwait(false);
                }

                db.WakesWorkflows = running && eager is null;

                return eager;
            },
            cancellationToken,
            landed: async (db, ct) =>
            {
                // Once the row held by this token is gone, this result is recorded or no longer wanted; either way,
                // recording it again would be a duplicate. A claim made with it holds the execution's lock token.
                long held = Convert.ToInt64(await db.ScalarAsync(Sql.CountHeldActivity, ct, key).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (held != 0)
                {
                    return (false, null);
                }

                if (eager is { } task
                    && await db.ScalarAsync(Sql.SelectLockToken, ct, ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId)).ConfigureAwait(false) is string token
                    && string.Equals(token, task.LockToken, StringComparison.Ordinal))
                {
                    return (true, task);
                }

                return (true, null);
            }).ConfigureAwait(false);

        if (claimed is null)
        {
            // Only a result nobody has claimed yet is news for local pollers.
            _workflowSignal.Notify();
        }

        return claimed;
    }

    /// <inheritdoc />
    public async Task<FusedStepResult> CompleteActivityAndWorkflowTaskAsync(ActivityTask activity, HistoryEvent resultEvent, long lastSequenceId, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(resultEvent);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(queues);
        var instance = activity.Instance;
        ValidateSequence(instance, lastSequenceId, completion);
        bool finished = completion.Status.IsFinished();
        var key = new (string, object?)[] { ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId), ("@eventId", activity.ScheduledEvent.Id), ("@lockToken", activity.LockToken) };

        // What the attempt that reached COMMIT claimed, for when its acknowledgement is lost.
        List<ActivityTask> eager = [];
        WorkflowTask? claimedTask = null;

        // Whether a fused step made workflow work for pollers, as the attempt that reached COMMIT found.
        bool wakesWorkflows = true;
        var outcome = await WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, activities, history, pending_events, activities. The execution is locked first,
                // exclusively, as by an eager activity completion; the held activity's row next (the fence), as a
                // finishing task deletes the execution's activities. The delete of that row goes with the COMMIT. The
                // BEGIN and the clock read go with the first batch: nothing here reads db.Now before it has run.
                eager = [];
                claimedTask = null;
                var (candidate, fused) = await LockAndCommitExecutionAsync(
                    db,
                    instance,
                    activity.ScheduledEvent.Id,
                    key,
                    [
                        ("@instanceId", instance.InstanceId),
                        ("@executionId", instance.ExecutionId),
                        ("@expectedLastSequenceId", lastSequenceId),
                        ("@status", (int)completion.Status),
                        ("@lastSequenceId", lastSequenceId + completion.ExecutedEvents.Count),
                        ("@result", finished ? completion.Result : null),
                        ("@error", finished ? EventRows.EncodeError(completion.Error) : null),
                        ("@finished", finished),
                    ],
                    ct).ConfigureAwait(false);
                db.Defer(Sql.DeleteHeldActivity, key);
                if (fused)
                {
                    await CommitFencedAsync(db, instance, completion, queues, maxActivities, eager, consumedUnstored: resultEvent.Id, releasesLease: false, ct).ConfigureAwait(false);
                    wakesWorkflows = db.WakesWorkflows;
                    return FusedStepResult.Fused(eager);
                }

                // The execution moved on, is held, or has other events: the result waits as a pending event.
                if (candidate is not null)
                {
                    await InsertPendingEventAsync(db, instance, resultEvent, ct).ConfigureAwait(false);
                    if (candidate is { Claimable: true } claimable && queues.Contains(claimable.Queue, StringComparer.Ordinal))
                    {
                        claimedTask = await ClaimExecutionOfAsync(db, instance, claimable, ct).ConfigureAwait(false);
                    }
                }

                db.WakesWorkflows = candidate is not null && claimedTask is null;

                return FusedStepResult.NotFused(claimedTask);
            },
            cancellationToken,
            landed: async (db, ct) =>
            {
                // Once the held row is gone, this attempt landed (or the result is no longer wanted). Whether the
                // workflow task landed with it shows in the history; a workflow task claimed instead holds the
                // execution's lock token.
                long held = Convert.ToInt64(await db.ScalarAsync(Sql.CountHeldActivity, ct, key).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (held != 0)
                {
                    return (false, FusedStepResult.NotFused(null));
                }

                if (completion.ExecutedEvents.Count > 0
                    && Convert.ToInt64(await db.ScalarAsync(Sql.CountHistoryEvent, ct, ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId), ("@eventId", completion.ExecutedEvents[0].Id)).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                {
                    return (true, FusedStepResult.Fused(eager));
                }

                if (claimedTask is { } task
                    && await db.ScalarAsync(Sql.SelectLockToken, ct, ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId)).ConfigureAwait(false) is string token
                    && string.Equals(token, task.LockToken, StringComparison.Ordinal))
                {
                    return (true, FusedStepResult.NotFused(task));
                }

                return (true, FusedStepResult.NotFused(null));
            },
            beginsWithBatch: true).ConfigureAwait(false);

        if (outcome.WorkflowTask is null && (!outcome.Committed || wakesWorkflows))
        {
            // Local pollers wake for a result nobody claimed, and after a fused workflow-task commit that made
            // workflow work (a timer, an event for another instance, a new execution).
            _workflowSignal.Notify();
        }

        if (outcome.Committed && !finished && completion.Activities.Count > outcome.Activities.Count)
        {
            _activitySignal.Notify();
        }

        return outcome;
    }

    /// <summary>The execution's claim-relevant columns, read under an exclusive lock; null unless it is running.</summary>
    private static async Task<ClaimCandidate?> ReadClaimCandidateForUpdateAsync(Db db, WorkflowInstance instance, CancellationToken ct)
    {
        await using var reader = await db.ReaderAsync(
            Sql.SelectExecutionClaimForUpdate,
            null,
            ct,
            ("@instanceId", instance.InstanceId),
            ("@executionId", instance.ExecutionId)).ConfigureAwait(false);
        return await ReadClaimCandidateAsync(reader, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A fused step's round trip before its COMMIT, which also begins the transaction and reads the database clock
    /// (<see cref="Db.BatchReaderAsync"/>), and three statements in one batch: the execution's claim-relevant
    /// columns under an exclusive lock (null unless it is running); the held activity's row, locked, which is the
    /// fence (<see cref="LeaseLostException"/> when the token no longer holds it); and the execution's update to the
    /// state the workflow task ran ahead to, which applies only while the execution is claimable, at the expected
    /// sequence id and without other visible pending events (<c>Sql.CommitClaimableExecution</c>). The server runs
    /// them in this order, so the update's pending-event check, like any READ COMMITTED statement, reads what was
    /// committed when it starts: after the row lock is granted. When the fence fails the update, if it applied, is
    /// rolled back with the rest.
    /// </summary>
    private static async Task<(ClaimCandidate? Candidate, bool Fused)> LockAndCommitExecutionAsync(Db db, WorkflowInstance instance, string eventId, (string, object?)[] heldKey, (string, object?)[] update, CancellationToken ct)
    {
        ClaimCandidate? candidate;
        bool held;
        var reader = await db.BatchReaderAsync(
            ct,
            (Sql.SelectExecutionClaimForUpdate, [("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId)]),
            (Sql.SelectHeldActivityForUpdate, heldKey),
            (Sql.CommitClaimableExecution, update)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            candidate = await ReadClaimCandidateAsync(reader, ct).ConfigureAwait(false);
            if (!await reader.NextResultAsync(ct).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The fence of a fused step returned no result set.");
            }

            held = await reader.ReadAsync(ct).ConfigureAwait(false);
        }

        Fence.RequireHeld(held ? 1 : 0, Fence.ActivityTask(eventId, instance));

        // The reader is disposed: every statement has run, and the update's count is the only one it reports.
        return (candidate, reader.RecordsAffected == 1);
    }

    private static async Task<ClaimCandidate?> ReadClaimCandidateAsync(System.Data.Common.DbDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct).ConfigureAwait(false) || (WorkflowStatus)reader.GetInt32(1) != WorkflowStatus.Running)
        {
            return null;
        }

        return new ClaimCandidate(
            reader.GetInt64(0),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetInt64(4),
            reader.GetNullableString(5),
            !reader.IsDBNull(6) && Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture) == 1);
    }

    /// <summary>
    /// Claims the execution for eager dispatch with the events a poll would hand out now. A pending row that does not
    /// decode leaves the execution unclaimed: the next poll backs it off (and parks it) as for any poisoned claim,
    /// and the activity result recorded in this transaction stays.
    /// </summary>
    private async Task<WorkflowTask?> ClaimExecutionOfAsync(Db db, WorkflowInstance instance, ClaimCandidate candidate, CancellationToken ct)
    {
        List<HistoryEvent> events;
        try
        {
            events = await ReadVisiblePendingEventsAsync(db, instance, ct).ConfigureAwait(false);
        }
        catch (CorruptRowException)
        {
            return null;
        }

        string token = Guid.NewGuid().ToString("N");
        int rows = await db.ExecuteAsync(
            Sql.ClaimExecutionOf,
            ct,
            ("@id", candidate.Id),
            ("@lockToken", token),
            ("@worker", _options.WorkerName),
            ("@lockedUntil", ServerTime.Add(db.Now, Options.WorkflowLockTimeout))).ConfigureAwait(false);
        return rows == 1
            ? new WorkflowTask(instance, token, candidate.WorkflowName, candidate.Queue, candidate.LastSequenceId, events, EventRows.DecodeMetadata(candidate.Metadata)) { ClaimedAt = ServerTime.ToOffset(db.Now) }
            : null;
    }

    private sealed record ClaimCandidate(long Id, string WorkflowName, string Queue, long LastSequenceId, string? Metadata, bool Claimable);

    /// <inheritdoc />
    public Task AbandonActivityTaskAsync(ActivityTask task, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync(
            async (db, ct) =>
            {
                // Tables: activities.
                await db.ExecuteAsync(
                    Sql.ReleaseActivity,
                    ct,
                    ("@instanceId", task.Instance.InstanceId),
                    ("@executionId", task.Instance.ExecutionId),
                    ("@eventId", task.ScheduledEvent.Id),
                    ("@lockToken", task.LockToken),
                    ("@notBefore", ServerTime.Add(db.Now, retryAfter))).ConfigureAwait(false);

                // The retry delay is a new due time for pollers elsewhere.
                db.WakesActivities = true;
                return true;
            },
            cancellationToken);
    }
}
