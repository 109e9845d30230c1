using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Sqlite;

public sealed partial class SqliteBackend
{
    // Decode failures met while claiming: how many instances one call may park or back off before it gives up
    // (the rest wait for the next poll), so a run of bad rows cannot hold the writer for long.
    private const int MaxPoisonedClaimsPerPoll = 8;

    // The queue list as the JSON array the claim queries take. Workers pass the same queues on every poll and
    // completion, so the last one is kept and only compared.
    private QueuesText? _lastQueues;

    private sealed record QueuesText(string[] Queues, string Json);

    private string QueuesJson(IReadOnlyList<string> queues)
    {
        if (_lastQueues is { } last && Same(last.Queues, queues))
        {
            return last.Json;
        }

        string[] copy = [.. queues];
        var text = new QueuesText(copy, JsonSerializer.Serialize(copy, SqliteJsonContext.Default.StringArray));
        _lastQueues = text;
        return text.Json;

        static bool Same(string[] known, IReadOnlyList<string> queues)
        {
            if (known.Length != queues.Count)
            {
                return false;
            }

            for (int i = 0; i < known.Length; i++)
            {
                if (!string.Equals(known[i], queues[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <inheritdoc />
    public async Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        return await ClaimWorkflowTasksAsync(queues, 1, cancellationToken).ConfigureAwait(false) is [var task] ? task : null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowTask>> GetWorkflowTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return ClaimWorkflowTasksAsync(queues, max, cancellationToken);
    }

    private async Task<IReadOnlyList<WorkflowTask>> ClaimWorkflowTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken)
    {
        string queuesJson = QueuesJson(queues);

        // Look without the write lock first: idle pollers of many processes must not queue on the writer.
        if (!_inMemory && !await ReadAsync((db, now) => FindClaimable(db, Sql.FindClaimableExecution, queuesJson, now) is not null, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        return await WriteAsync<IReadOnlyList<WorkflowTask>>((db, now) =>
        {
            // Tables: executions, pending_events. A poisoned claim is then released on executions again; this
            // cannot deadlock, because BEGIN IMMEDIATE already holds SQLite's single database write lock.
            // The candidates come from one walk of the ready index (see ExecutionCandidates); each claim checks its
            // row again.
            var tasks = new List<WorkflowTask>();
            int poisoned = 0;
            foreach (long id in FindClaimableIds(db, Sql.FindClaimableExecutions, queuesJson, now, ExecutionCandidates(max)))
            {
                if (tasks.Count == max || poisoned == MaxPoisonedClaimsPerPoll)
                {
                    break;
                }

                string token = UniqueIds.Next();
                var claimed = db.First(
                    Sql.ClaimExecution,
                    0,
                    static (row, _) => ((string, string, string, string, long, string?, int)?)(
                        row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetInt64(4), row.GetNullableString(5), row.GetInt32(6)),
                    ("$id", id),
                    ("$lockToken", token),
                    ("$lockedUntil", SqliteTime.Add(now, Options.WorkflowLockTimeout)),
                    ("$now", SqliteTime.ToTicks(now)));
                if (claimed is not { } row)
                {
                    continue;
                }

                var (instanceId, executionId, name, queue, lastSequenceId, metadataJson, failures) = row;
                var instance = new WorkflowInstance(instanceId, executionId);
                var metadata = EventRows.DecodeMetadata(metadataJson);
                try
                {
                    var events = ReadVisiblePendingEvents(db, instance, now);
                    tasks.Add(new WorkflowTask(instance, token, name, queue, lastSequenceId, events, metadata) { ClaimedAt = now, FailedAttempts = failures });
                }
                catch (CorruptRowException ex)
                {
                    // Poison: this instance backs off (and is parked in the end); the poll goes on to the next one.
                    poisoned++;
                    db.Execute(
                        Sql.ReleasePoisonedExecution,
                        ("$id", id),
                        ("$lockToken", token),
                        ("$error", EventRows.EncodeError(WorkflowError.FromException(ex) with { StackTrace = null })),
                        ("$notBefore", PoisonNotBefore(now, failures + 1)));
                }
            }

            return tasks;
        }, cancellationToken, WriteAnswer.Shared).ConfigureAwait(false);
    }

    /// <summary>
    /// How many ready events a batch claim of <paramref name="max"/> reads: an execution appears once per ready event,
    /// so a few per task leave room for executions that gathered several. Fewer distinct executions than
    /// <paramref name="max"/> among them only makes the batch smaller; the next poll reads on.
    /// </summary>
    private static int ExecutionCandidates(int max) => (int)Math.Min(4L * max, 4096);

    /// <summary>
    /// The distinct ids <paramref name="sql"/> (a claim's candidates, with <c>$limit</c>) returns, in its order: one
    /// walk of the index, which steps over rows others hold once per batch, not once per claim.
    /// </summary>
    private static List<long> FindClaimableIds(SqliteConnection db, string sql, string queuesJson, DateTimeOffset now, int limit)
    {
        var ids = new List<long>();
        db.Each(
            sql,
            (ids, seen: new HashSet<long>()),
            static (row, state) =>
            {
                long id = row.GetInt64(0);
                if (state.seen.Add(id))
                {
                    state.ids.Add(id);
                }
            },
            ("$queues", queuesJson),
            ("$now", SqliteTime.ToTicks(now)),
            ("$limit", (long)limit));
        return ids;
    }

    private static long? FindClaimable(SqliteConnection db, string sql, string queuesJson, DateTimeOffset now)
        => db.Scalar(sql, ("$queues", queuesJson), ("$now", SqliteTime.ToTicks(now))) is { } id
            ? Convert.ToInt64(id, CultureInfo.InvariantCulture)
            : null;

    private static List<HistoryEvent> ReadVisiblePendingEvents(SqliteConnection db, WorkflowInstance instance, DateTimeOffset now)
    {
        var events = new List<HistoryEvent>();
        db.Each(
            Sql.SelectVisiblePendingEvents,
            (events, instance),
            static (row, state) => state.events.Add(EventRows.ReadEvent(row, "pending_events", state.instance)),
            ("$instanceId", instance.InstanceId),
            ("$executionId", instance.ExecutionId),
            ("$now", SqliteTime.ToTicks(now)));
        return events;
    }

    // Back-off doubling from PoisonRetryDelay up to MaxPoisonRetryDelay; parked (never) after PoisonMaxAttempts.
    private long PoisonNotBefore(DateTimeOffset now, int failures)
    {
        if (failures >= _options.PoisonMaxAttempts)
        {
            return SqliteTime.Never;
        }

        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.PoisonRetryDelay.Ticks * factor, _options.MaxPoisonRetryDelay.Ticks));
        return SqliteTime.Add(now, delay);
    }

    /// <inheritdoc />
    public Task ExtendWorkflowTaskAsync(WorkflowTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync((db, now) =>
        {
            // Tables: executions.
            int rows = db.Execute(
                Sql.ExtendExecutionLease,
                ("$instanceId", task.Instance.InstanceId),
                ("$executionId", task.Instance.ExecutionId),
                ("$lockToken", task.LockToken),
                ("$lockedUntil", SqliteTime.Add(now, Options.WorkflowLockTimeout)));
            Fence.RequireHeld(rows, Fence.WorkflowTask(task.Instance));
            return true;
        }, cancellationToken, WriteAnswer.WriterThread);
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

        // Encoded before the transaction: the one writer only binds and executes.
        var self = task.Instance;
        var encoded = new EncodedCompletion(self, completion);
        var (claimed, wake) = await WriteAsync((db, now) =>
        {
            // Tables: executions, history, pending_events, activities.
            int fenced = db.Execute(
                Sql.CommitExecution(encoded.Finished),
                [.. encoded.ExecutionState(task.LastSequenceId, now), ("$lockToken", task.LockToken)]);
            Fence.RequireHeld(fenced, Fence.WorkflowTask(task.Instance));

            return CommitFenced(db, now, encoded, consumedUnstored: null, queues, maxActivities);
        }, cancellationToken, WriteAnswer.Shared).ConfigureAwait(false);

        NotifyAfterCommit(completion, claimed, wake);
        return claimed;
    }

    private void NotifyAfterCommit(WorkflowTaskCompletion completion, List<ActivityTask> claimed, bool wake)
    {
        if (wake)
        {
            _workflowSignal.Notify();
        }

        if (!completion.Status.IsFinished() && completion.Activities.Count > claimed.Count)
        {
            _activitySignal.Notify();
        }
    }

    /// <summary>A workflow task's rows, encoded before its transaction so the one writer only binds and executes.</summary>
    private sealed class EncodedCompletion(WorkflowInstance self, WorkflowTaskCompletion completion)
    {
        public WorkflowInstance Self { get; } = self;

        public WorkflowTaskCompletion Completion { get; } = completion;

        public bool Finished { get; } = completion.Status.IsFinished();

        public List<(string Sql, (string, object?)[] Parameters, int First, int Count)> HistoryInserts { get; } = EventRows.HistoryInserts(self, completion.ExecutedEvents);

        public (string, object?)[][] TimerRows { get; } = completion.Status.IsFinished() ? [] : [.. completion.Timers.Select(e => PendingEventParameters(self, e))];

        public string[] ActivityAttributes { get; } = completion.Status.IsFinished() ? [] : [.. completion.Activities.Select(a => HistorySerializer.SerializeAttributes(a.Attributes))];

        /// <summary>The parameters of the execution row's update (<see cref="Sql.CommitExecution"/>), without its fence.</summary>
        public (string, object?)[] ExecutionState(long lastSequenceId, DateTimeOffset now) => Finished
            ?
            [
                ("$instanceId", Self.InstanceId),
                ("$executionId", Self.ExecutionId),
                ("$expectedLastSequenceId", lastSequenceId),
                ("$lastSequenceId", lastSequenceId + Completion.ExecutedEvents.Count),
                ("$status", (int)Completion.Status),
                ("$result", Completion.Result),
                ("$error", EventRows.EncodeError(Completion.Error)),
                ("$completedAt", SqliteTime.ToTicks(now)),
            ]
            :
            [
                ("$instanceId", Self.InstanceId),
                ("$executionId", Self.ExecutionId),
                ("$expectedLastSequenceId", lastSequenceId),
                ("$lastSequenceId", lastSequenceId + Completion.ExecutedEvents.Count),
            ];
    }

    /// <summary>
    /// The rest of a workflow task's commit once its execution row passed the fence and holds the new state: outgoing
    /// events, history, pending events and activities. <paramref name="consumedUnstored"/> names a consumed event that
    /// was never stored as pending (a fused step's activity result).
    /// </summary>
    private (List<ActivityTask> Eager, bool Wake) CommitFenced(SqliteConnection db, DateTimeOffset now, EncodedCompletion encoded, string? consumedUnstored, IReadOnlyList<string> queues, int maxActivities)
    {
        var self = encoded.Self;
        var completion = encoded.Completion;
        bool finished = encoded.Finished;
        var historyInserts = encoded.HistoryInserts;
        var timerRows = encoded.TimerRows;
        var activityAttributes = encoded.ActivityAttributes;
        var eager = new List<ActivityTask>();

        // Still in executions: resolve where each outgoing event goes, creating sub-workflow and continue-as-new
        // executions (the state above is already final, so a continue-as-new start finds this one finished).
        var deliveries = ResolveOutgoing(db, completion.OutgoingEvents, now);
        var continuation = completion.Status == WorkflowStatus.ContinuedAsNew
            && ReadLatest(db, self.InstanceId) is { Status: WorkflowStatus.Running } next && next.Instance != self
                ? next.Instance
                : null;

        foreach (var (sql, parameters, first, count) in historyInserts)
        {
            // The primary key (instance, execution, sequence) and the unique event id are the backstop.
            try
            {
                db.Execute(sql, parameters);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException(
                    $"History of {self} would not stay contiguous and unique at events {completion.ExecutedEvents[first]} to {completion.ExecutedEvents[first + count - 1]}; nothing was written.",
                    ex);
            }
        }

        foreach (string consumed in completion.ConsumedEventIds)
        {
            if (consumed == consumedUnstored)
            {
                continue;
            }

            db.Execute(Sql.DeletePendingEvent, ("$instanceId", self.InstanceId), ("$executionId", self.ExecutionId), ("$eventId", consumed));
        }

        foreach (long timer in completion.CanceledTimers)
        {
            db.Execute(
                Sql.DeletePendingTimer,
                ("$instanceId", self.InstanceId),
                ("$executionId", self.ExecutionId),
                ("$timerFiredType", (int)EventType.TimerFired),
                ("$scheduleEventId", timer));
        }

        foreach (var timer in timerRows)
        {
            InsertPendingEvent(db, timer, now);
        }

        foreach (var (target, e) in deliveries)
        {
            InsertPendingEvent(db, target, e, now);
        }

        if (continuation is not null)
        {
            // Signals that arrived after this task was claimed belong to the instance: they move, in arrival order.
            db.Execute(
                Sql.CarryPendingSignals,
                ("$instanceId", self.InstanceId),
                ("$executionId", self.ExecutionId),
                ("$newExecutionId", continuation.ExecutionId),
                ("$signalType", (int)EventType.SignalReceived),
                ("$now", SqliteTime.ToTicks(now)));
        }

        if (finished)
        {
            // A finished execution keeps no pending events, timers or activity tasks.
            db.Execute(Sql.DeleteExecutionPendingEvents, ("$instanceId", self.InstanceId), ("$executionId", self.ExecutionId));
            db.Execute(Sql.DeleteExecutionActivities, ("$instanceId", self.InstanceId), ("$executionId", self.ExecutionId));
            if (continuation is not null && Options.RemoveContinuedAsNewExecutions)
            {
                // The successor is the latest now; this execution goes with its history, in the same transaction.
                db.Execute(Sql.DeleteExecutionHistory, ("$instanceId", self.InstanceId), ("$executionId", self.ExecutionId));
                db.Execute(Sql.DeleteExecution, ("$instanceId", self.InstanceId), ("$executionId", self.ExecutionId));
            }
        }
        else
        {
            for (int i = 0; i < activityAttributes.Length; i++)
            {
                var activity = completion.Activities[i];
                // Eager dispatch: the caller's claim is written with the row, as a claim by GetActivityTaskAsync would be.
                var attributes = (ActivityScheduledAttributes)activity.Attributes;
                string? token = null;
                if (eager.Count < maxActivities && queues.Contains(attributes.Queue, StringComparer.Ordinal))
                {
                    token = UniqueIds.Next();
                    var scheduled = new HistoryEvent(activity.Id, 0, activity.Timestamp, activity.ScheduleEventId, attributes);
                    eager.Add(new ActivityTask(self, token, attributes.Queue, scheduled));
                }

                db.Execute(
                    Sql.InsertActivity,
                    ("$instanceId", self.InstanceId),
                    ("$executionId", self.ExecutionId),
                    ("$eventId", activity.Id),
                    ("$queue", attributes.Queue),
                    ("$scheduleEventId", activity.ScheduleEventId),
                    ("$timestamp", SqliteTime.ToTicks(activity.Timestamp)),
                    ("$attributes", activityAttributes[i]),
                    ("$lockToken", token),
                    ("$lockedUntil", token is null ? null : SqliteTime.Add(now, Options.ActivityLockTimeout)));
            }
        }

        // Pollers of this process wake only when this commit left workflow work: deliveries, timers (which may be
        // due before a waiter's deadline), or events that reached this execution while the task ran (none can have
        // in a fused step, whose fence found no visible pending event in this very transaction).
        bool wake = deliveries.Count > 0 || continuation is not null || (!finished && completion.Timers.Count > 0)
            || (!finished && consumedUnstored is null && db.Scalar(Sql.HasPendingEvents, ("$instanceId", self.InstanceId), ("$executionId", self.ExecutionId)) is not null);
        return (eager, wake);
    }

    private static void ValidateSequence(WorkflowInstance instance, long lastSequenceId, WorkflowTaskCompletion completion)
    {
        long expected = lastSequenceId + 1;
        foreach (var e in completion.ExecutedEvents)
        {
            if (e.SequenceId != expected++)
            {
                throw new InvalidOperationException($"History of {instance} would not stay contiguous at event {e}; expected sequence id {expected - 1}.");
            }
        }
    }

    /// <summary>
    /// Decides, reading and writing only executions, which execution receives each outgoing event: a start creates
    /// the child execution (or, when the id is active, becomes a <see cref="EventType.SubWorkflowFailed"/> event for the
    /// parent); other events go to their execution if it is still running, and are dropped otherwise.
    /// </summary>
    private static List<(WorkflowInstance Target, HistoryEvent Event)> ResolveOutgoing(SqliteConnection db, IReadOnlyList<OutgoingEvent> outgoing, DateTimeOffset now)
    {
        var deliveries = new List<(WorkflowInstance, HistoryEvent)>();
        foreach (var o in outgoing)
        {
            if (o.Event.Attributes is ExecutionStartedAttributes started)
            {
                if (ReadLatest(db, o.Target.InstanceId) is { Status: WorkflowStatus.Running })
                {
                    // Only one active execution per instance id: the parent learns that the start failed.
                    if (started.Parent is { } parent)
                    {
                        var parentInstance = new WorkflowInstance(parent.InstanceId, parent.ExecutionId);
                        if (ReadStatus(db, parentInstance) == WorkflowStatus.Running)
                        {
                            var error = WorkflowError.FromException(new WorkflowInstanceAlreadyExistsException(o.Target.InstanceId)) with { StackTrace = null };
                            deliveries.Add((parentInstance, HistoryEvent.Create(now, new SubWorkflowFailedAttributes(error), parent.ScheduleEventId)));
                        }
                    }

                    continue;
                }

                InsertExecution(db, o.Target, started, metadata: null, now);
                deliveries.Add((o.Target, o.Event));
                continue;
            }

            var target = o.AnyExecution ? ReadLatest(db, o.Target.InstanceId)?.Instance : o.Target;
            if (target is not null && ReadStatus(db, target) == WorkflowStatus.Running)
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
        return WriteAsync((db, now) =>
        {
            // Tables: executions.
            var key = new (string, object?)[] { ("$instanceId", task.Instance.InstanceId), ("$executionId", task.Instance.ExecutionId), ("$lockToken", task.LockToken) };
            if (db.Scalar(Sql.SelectHeldTaskFailures, key) is not { } failuresValue)
            {
                return false; // The lease is gone; whoever holds the instance now decides.
            }

            // Each consecutive failure doubles the delay (the contract's poison back-off, shared with the in-memory backend).
            int failures = Convert.ToInt32(failuresValue, CultureInfo.InvariantCulture) + 1;
            long notBefore = SqliteTime.Add(now, InMemoryBackend.PoisonBackoff(retryAfter, failures));
            if (error.Type == typeof(CorruptRowException).FullName)
            {
                // A row of this instance cannot be decoded: no code fix helps, so it is parked after a few attempts.
                notBefore = Math.Max(notBefore, PoisonNotBefore(now, failures));
            }

            db.Execute(Sql.ReleaseExecutionWithError, [.. key, ("$error", EventRows.EncodeError(error)), ("$notBefore", notBefore)]);
            return true;
        }, cancellationToken, WriteAnswer.Shared);
    }
}
