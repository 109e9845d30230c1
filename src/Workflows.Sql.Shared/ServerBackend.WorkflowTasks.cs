using System.Globalization;
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
    // Decode failures met while claiming: how many instances one call may back off or park before it gives up
    // (the rest wait for the next poll), so a run of bad rows cannot keep one poll busy.
    private const int MaxPoisonedClaimsPerPoll = 8;

    /// <inheritdoc />
    public async Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        if (queues.Count == 0)
        {
            return null;
        }

        for (int poisoned = 0; poisoned < MaxPoisonedClaimsPerPoll; poisoned++)
        {
            // A claim whose COMMIT is lost leaves a lease nobody uses; it lapses and the work is claimed again.
            var (task, corrupt) = await WriteAsync(
                async (db, ct) =>
                {
                    // Tables: pending_events and executions, locked together by one SKIP LOCKED select (see Sql), then executions.
                    // The pending events are read before the claim is written; nobody adds any meanwhile, as every writer
                    // of an event takes the execution's row lock, which the select holds.
                    long id;
                    WorkflowInstance instance;
                    string name, queue;
                    long lastSequenceId;
                    WorkflowMetadata? metadata;
                    int failures;
                    await using (var reader = await db.ReaderAsync(Sql.ClaimableExecutionForUpdate, queues, ct).ConfigureAwait(false))
                    {
                        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                        {
                            return ((WorkflowTask?)null, (CorruptClaim?)null);
                        }

                        id = reader.GetInt64(0);
                        instance = new WorkflowInstance(reader.GetString(1), reader.GetString(2));
                        name = reader.GetString(3);
                        queue = reader.GetString(4);
                        lastSequenceId = reader.GetInt64(5);
                        metadata = EventRows.DecodeMetadata(reader.GetNullableString(6));
                        failures = reader.GetInt32(7);
                    }

                    List<HistoryEvent>? events = null;
                    CorruptRowException? unreadable = null;
                    try
                    {
                        events = await ReadVisiblePendingEventsAsync(db, instance, ct).ConfigureAwait(false);
                    }
                    catch (CorruptRowException ex)
                    {
                        unreadable = ex;
                    }

                    // The claim's read locked the row, so the claim cannot miss it: it goes with the COMMIT. A claim
                    // whose events do not decode is made too: the poison release below is fenced on its token.
                    string token = Guid.NewGuid().ToString("N");
                    db.Defer(
                        Sql.ClaimExecution,
                        ("@id", id),
                        ("@lockToken", token),
                        ("@worker", _options.WorkerName),
                        ("@lockedUntil", ServerTime.Add(db.Now, Options.WorkflowLockTimeout)));
                    return unreadable is null
                        ? (new WorkflowTask(instance, token, name, queue, lastSequenceId, events!, metadata) { ClaimedAt = ServerTime.ToOffset(db.Now), FailedAttempts = failures }, null)
                        : ((WorkflowTask?)null, new CorruptClaim(id, token, failures, unreadable));
                },
                cancellationToken).ConfigureAwait(false);

            if (corrupt is null)
            {
                return task;
            }

            // Poison: this instance backs off (and is parked in the end); the poll goes on to the next one.
            await WriteAsync(
                async (db, ct) =>
                {
                    // Tables: executions.
                    return await db.ExecuteAsync(
                        Sql.ReleasePoisonedExecution,
                        ct,
                        ("@id", corrupt.Id),
                        ("@lockToken", corrupt.LockToken),
                        ("@error", EventRows.EncodeError(WorkflowError.FromException(corrupt.Error) with { StackTrace = null })),
                        ("@notBefore", PoisonNotBefore(db.Now, corrupt.Failures + 1))).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private sealed record CorruptClaim(long Id, string LockToken, int Failures, CorruptRowException Error);

    private static async Task<List<HistoryEvent>> ReadVisiblePendingEventsAsync(Db db, WorkflowInstance instance, CancellationToken ct)
    {
        await using var reader = await db.ReaderAsync(
            Sql.SelectVisiblePendingEvents,
            null,
            ct,
            ("@instanceId", instance.InstanceId),
            ("@executionId", instance.ExecutionId)).ConfigureAwait(false);
        var events = new List<HistoryEvent>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            events.Add(EventRows.ReadEvent(reader, "pending_events", instance));
        }

        return events;
    }

    // Back-off doubling from PoisonRetryDelay up to MaxPoisonRetryDelay; parked (never) after PoisonMaxAttempts.
    private DateTime PoisonNotBefore(DateTime now, int failures)
        => ServerBackendRules.PoisonNotBefore(now, failures, _options.PoisonRetryDelay, _options.MaxPoisonRetryDelay, _options.PoisonMaxAttempts);

    /// <inheritdoc />
    public Task ExtendWorkflowTaskAsync(WorkflowTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions.
                int rows = await db.ExecuteAsync(Sql.ExtendExecutionLease, ct, WorkflowLeaseParameters(task, db.Now)).ConfigureAwait(false);
                Fence.RequireHeld(rows, Fence.WorkflowTask(task.Instance));
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One claim transaction per task: a <c>SKIP LOCKED</c> claim holds its row locks until its COMMIT, so claiming
    /// many in one transaction would keep them from other workers for longer. The poll still saves the worker a
    /// round of its loop per task.
    /// </remarks>
    public Task<IReadOnlyList<WorkflowTask>> GetWorkflowTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return ClaimEachAsync(ct => GetWorkflowTaskAsync(queues, ct), max, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One claim transaction per task, as for workflow tasks.</remarks>
    public Task<IReadOnlyList<ActivityTask>> GetActivityTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return ClaimEachAsync(ct => GetActivityTaskAsync(queues, ct), max, cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, CancellationToken cancellationToken = default)
        => CompleteWorkflowTaskAsync(task, completion, [], 0, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityTask>> CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(queues);
        ValidateSequence(task.Instance, task.LastSequenceId, completion);
        bool finished = completion.Status.IsFinished();
        var self = task.Instance;

        // The activities claimed by the attempt that reached COMMIT: when its acknowledgement is lost but the batch
        // landed, they are held by this caller all the same.
        List<ActivityTask> eager = [];
        var claimed = await WriteAsync<IReadOnlyList<ActivityTask>>(
            async (db, ct) =>
            {
                // Tables: executions, history, pending_events, activities.
                eager = [];
                int fenced = await db.ExecuteAsync(
                    Sql.CommitExecution,
                    ct,
                    ("@instanceId", self.InstanceId),
                    ("@executionId", self.ExecutionId),
                    ("@lockToken", task.LockToken),
                    ("@expectedLastSequenceId", task.LastSequenceId),
                    ("@status", (int)completion.Status),
                    ("@lastSequenceId", task.LastSequenceId + completion.ExecutedEvents.Count),
                    ("@result", finished ? completion.Result : null),
                    ("@error", finished ? EventRows.EncodeError(completion.Error) : null),
                    ("@completedAt", finished ? db.Now : null)).ConfigureAwait(false);
                Fence.RequireHeld(fenced, Fence.WorkflowTask(task.Instance));

                await CommitFencedAsync(db, self, completion, queues, maxActivities, eager, consumedUnstored: null, releasesLease: true, ct).ConfigureAwait(false);
                return (IReadOnlyList<ActivityTask>)eager;
            },
            cancellationToken,
            landed: async (db, ct) =>
            {
                // The batch landed if its first event is in the history; otherwise the fence decides on the retry.
                if (completion.ExecutedEvents.Count == 0)
                {
                    var token = await db.ScalarAsync(Sql.SelectLockToken, ct, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId)).ConfigureAwait(false) as string;
                    return (!string.Equals(token, task.LockToken, StringComparison.Ordinal), eager);
                }

                long count = Convert.ToInt64(await db.ScalarAsync(Sql.CountHistoryEvent, ct, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId), ("@eventId", completion.ExecutedEvents[0].Id)).ConfigureAwait(false), CultureInfo.InvariantCulture);
                return (count > 0, eager);
            }).ConfigureAwait(false);

        _workflowSignal.Notify();
        if (!finished && completion.Activities.Count > claimed.Count)
        {
            // Only activities nobody holds yet are news for local pollers.
            _activitySignal.Notify();
        }

        return claimed;
    }

    /// <summary>
    /// The rest of a workflow task's commit once its execution row passed the fence and holds the new state: outgoing
    /// events, history, pending events and activities (claimed into <paramref name="eager"/> for the caller).
    /// <paramref name="consumedUnstored"/> names a consumed event that was never stored as pending (a fused step's
    /// activity result). <paramref name="releasesLease"/> says whether the commit ends a lease (a claimed workflow
    /// task) rather than running on an execution nobody held (a fused step).
    /// </summary>
    private async Task CommitFencedAsync(Db db, WorkflowInstance self, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, List<ActivityTask> eager, string? consumedUnstored, bool releasesLease, CancellationToken ct)
    {
        bool finished = completion.Status.IsFinished();

        // Still in executions: resolve where each outgoing event goes, creating sub-workflow and
        // continue-as-new executions (this execution is already finished, so its id may start again).
        var deliveries = await ResolveOutgoingAsync(db, completion.OutgoingEvents, ct).ConfigureAwait(false);
        WorkflowInstance? continuation = null;
        if (completion.Status == WorkflowStatus.ContinuedAsNew
            && await ReadLatestAsync(db, self.InstanceId, shared: true, ct).ConfigureAwait(false) is { Status: WorkflowStatus.Running } next
            && next.Instance != self)
        {
            continuation = next.Instance;
        }

        // From here on every write is deferred: they travel to the server with the COMMIT, in one round trip, and run
        // there in this order (Db's remarks).
        if (completion.ExecutedEvents.Count > 0)
        {
            // One statement for the batch. The primary key (instance, execution, sequence) and the unique
            // event id are the backstop.
            var first = completion.ExecutedEvents[0];
            db.Defer(
                Sql.InsertHistoryEvents(completion.ExecutedEvents.Count),
                ex => Db.IsDuplicateKey(ex) ? new InvalidOperationException($"History of {self} would not stay contiguous and unique from event {first}; nothing was written.", ex) : null,
                EventRows.HistoryRowsParameters(self, completion.ExecutedEvents));
        }

        foreach (string consumed in completion.ConsumedEventIds)
        {
            if (consumed == consumedUnstored)
            {
                continue;
            }

            db.Defer(Sql.DeletePendingEvent, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId), ("@eventId", consumed));
        }

        foreach (long timer in completion.CanceledTimers)
        {
            db.Defer(
                Sql.DeletePendingTimer,
                ("@instanceId", self.InstanceId),
                ("@executionId", self.ExecutionId),
                ("@timerFiredType", (int)EventType.TimerFired),
                ("@scheduleEventId", timer));
        }

        if (!finished)
        {
            foreach (var timer in completion.Timers)
            {
                DeferPendingEvent(db, self, timer);
            }
        }

        foreach (var (target, e) in deliveries)
        {
            DeferPendingEvent(db, target, e);
            db.WakesWorkflows = true;
        }

        // A new timer moves the earliest due time, and events left pending (or carried to a new execution) are work:
        // pollers elsewhere look again. Events that arrived while a lease held the execution become claimable when
        // the commit ends that lease. A fused step held no lease and found no visible pending event under the
        // execution's row lock (later writers of events take that lock after this commit, and wake pollers
        // themselves), so it leaves the execution as claimable as it was: only what it creates is news.
        db.WakesWorkflows |= completion.Timers.Count > 0 || completion.Status == WorkflowStatus.ContinuedAsNew || (!finished && releasesLease);

        if (finished)
        {
            if (continuation is { } nextExecution)
            {
                // Signals the old execution did not consume belong to the instance: they move on.
                db.Defer(
                    Sql.CarryPendingSignals,
                    ("@instanceId", self.InstanceId),
                    ("@executionId", self.ExecutionId),
                    ("@newExecutionId", nextExecution.ExecutionId),
                    ("@signalType", (int)EventType.SignalReceived));
            }

            // A finished execution keeps no pending events, timers or activity tasks.
            db.Defer(Sql.DeleteExecutionPendingEvents, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId));
            db.Defer(Sql.DeleteExecutionActivities, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId));
            if (continuation is not null && Options.RemoveContinuedAsNewExecutions)
            {
                // The successor is the latest now; this execution goes with its history, in the same transaction.
                db.Defer(Sql.DeleteExecutionHistory, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId));
                db.Defer(Sql.DeleteExecution, ("@instanceId", self.InstanceId), ("@executionId", self.ExecutionId));
            }
        }
        else
        {
            foreach (var activity in completion.Activities)
            {
                // Eager dispatch: the caller's claim is written with the row, as GetActivityTaskAsync would write it.
                var attributes = (ActivityScheduledAttributes)activity.Attributes;
                string? token = null;
                if (eager.Count < maxActivities && queues.Contains(attributes.Queue, StringComparer.Ordinal))
                {
                    token = Guid.NewGuid().ToString("N");
                    var scheduled = new HistoryEvent(activity.Id, 0, new DateTimeOffset(activity.Timestamp.UtcTicks, TimeSpan.Zero), activity.ScheduleEventId, attributes);
                    eager.Add(new ActivityTask(self, token, attributes.Queue, scheduled));
                }

                db.WakesActivities |= token is null;
                db.Defer(
                    Sql.InsertActivity,
                    ("@instanceId", self.InstanceId),
                    ("@executionId", self.ExecutionId),
                    ("@eventId", activity.Id),
                    ("@queue", attributes.Queue),
                    ("@scheduleEventId", activity.ScheduleEventId),
                    ("@timestamp", activity.Timestamp.UtcTicks),
                    ("@attributes", HistorySerializer.SerializeAttributes(attributes)),
                    ("@lockToken", token),
                    ("@worker", token is null ? null : _options.WorkerName),
                    ("@lockedUntil", token is null ? null : ServerTime.Add(db.Now, Options.ActivityLockTimeout)));
            }
        }
    }

    /// <summary>
    /// Decides, reading (under shared locks) and writing only executions, which execution receives each outgoing
    /// event: a start creates the child execution (or, when the id is active, becomes a
    /// <see cref="EventType.SubWorkflowFailed"/> event for the parent); other events go to their execution if it is
    /// still running, and are dropped otherwise.
    /// </summary>
    private static async Task<List<(WorkflowInstance Target, HistoryEvent Event)>> ResolveOutgoingAsync(Db db, IReadOnlyList<OutgoingEvent> outgoing, CancellationToken ct)
    {
        var deliveries = new List<(WorkflowInstance, HistoryEvent)>();
        foreach (var o in outgoing)
        {
            if (o.Event.Attributes is ExecutionStartedAttributes started)
            {
                CheckStorable(o.Target.InstanceId, "sub-workflow instance id", nameof(outgoing));
                if (await ReadLatestAsync(db, o.Target.InstanceId, shared: true, ct).ConfigureAwait(false) is { Status: WorkflowStatus.Running })
                {
                    // Only one active execution per instance id: the parent learns that the start failed.
                    if (started.Parent is { } parent)
                    {
                        var parentInstance = new WorkflowInstance(parent.InstanceId, parent.ExecutionId);
                        if (await ReadStatusAsync(db, parentInstance, shared: true, ct).ConfigureAwait(false) == WorkflowStatus.Running)
                        {
                            var error = WorkflowError.FromException(new WorkflowInstanceAlreadyExistsException(o.Target.InstanceId)) with { StackTrace = null };
                            deliveries.Add((parentInstance, HistoryEvent.Create(ServerTime.ToOffset(db.Now), new SubWorkflowFailedAttributes(error), parent.ScheduleEventId)));
                        }
                    }

                    continue;
                }

                // Sent now, not with the COMMIT: a duplicate key here (another client started the same id meanwhile)
                // must not reach the COMMIT's batch, where it would read as the history insert's.
                DeferInsertExecution(db, o.Target, started, metadata: null);
                await db.FlushAsync(ct).ConfigureAwait(false);
                deliveries.Add((o.Target, o.Event));
                continue;
            }

            var target = o.AnyExecution ? (await ReadLatestAsync(db, o.Target.InstanceId, shared: true, ct).ConfigureAwait(false))?.Instance : o.Target;
            if (target is not null && await ReadStatusAsync(db, target, shared: true, ct).ConfigureAwait(false) == WorkflowStatus.Running)
            {
                deliveries.Add((target, o.Event));
            }
        }

        return deliveries;
    }

    /// <inheritdoc />
    public Task AbandonWorkflowTaskAsync(WorkflowTask task, WorkflowError error, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions.
                var key = new (string, object?)[] { ("@instanceId", task.Instance.InstanceId), ("@executionId", task.Instance.ExecutionId), ("@lockToken", task.LockToken) };
                if (await db.ScalarAsync(Sql.SelectHeldTaskFailuresForUpdate, ct, key).ConfigureAwait(false) is not { } failuresValue)
                {
                    return false; // The lease is gone; whoever holds the instance now decides.
                }

                // Each consecutive failure doubles the delay (the contract's poison back-off, shared with the in-memory backend).
                int failures = Convert.ToInt32(failuresValue, CultureInfo.InvariantCulture) + 1;
                var notBefore = ServerTime.Add(db.Now, InMemoryBackend.PoisonBackoff(retryAfter, failures));
                if (error.Type == typeof(CorruptRowException).FullName)
                {
                    // A row of this instance cannot be decoded: no code fix helps, so it is parked after a few attempts.
                    var poisoned = PoisonNotBefore(db.Now, failures);
                    notBefore = poisoned > notBefore ? poisoned : notBefore;
                }

                await db.ExecuteAsync(Sql.ReleaseExecutionWithError, ct, [.. key, ("@error", EventRows.EncodeError(error)), ("@notBefore", notBefore)]).ConfigureAwait(false);

                // The retry delay is a new due time for pollers elsewhere.
                db.WakesWorkflows = true;
                return true;
            },
            cancellationToken);
    }

    /// <summary>How many times a resume reads an instance that changes under it before it gives up.</summary>
    private const int MaxResumeReads = 3;

    /// <inheritdoc />
    public async Task ResumeWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions. Resetting the back-off twice is harmless, so a retried commit needs no landed check.
                // The read takes no lock: a worker can finish the execution, or continue it as new, before the update,
                // which then matches nothing. Each statement of a READ COMMITTED transaction sees what committed before
                // it, so reading again reports what the instance became (or resumes its new execution).
                for (int attempt = 1; ; attempt++)
                {
                    var latest = await ReadLatestAsync(db, instanceId, shared: false, ct).ConfigureAwait(false) ?? throw new WorkflowInstanceNotFoundException(instanceId);
                    if (latest.Status.IsFinished())
                    {
                        throw new WorkflowAlreadyFinishedException(instanceId, latest.Status);
                    }

                    int updated = await db.ExecuteAsync(Sql.ResumeExecution, ct, ("@instanceId", instanceId), ("@executionId", latest.Instance.ExecutionId)).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        return true;
                    }

                    if (attempt == MaxResumeReads)
                    {
                        throw new WorkflowInstanceNotFoundException(instanceId, $"it changed while being resumed, {MaxResumeReads} times");
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
        _workflowSignal.Notify();
    }
}
