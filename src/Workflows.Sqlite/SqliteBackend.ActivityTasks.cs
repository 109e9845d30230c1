using System.Text.Json;
using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Sqlite;

public sealed partial class SqliteBackend
{
    /// <inheritdoc />
    public async Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        string queuesJson = QueuesJson(queues);
        if (!_inMemory && !await ReadAsync((db, now) => FindClaimable(db, Sql.ActivityClaimCandidates(queues, batch: false), queuesJson, now) is not null, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        while (true)
        {
            var claimed = await WriteAsync((db, now) =>
            {
                // Tables: activities.
                return FindClaimable(db, Sql.ActivityClaimCandidates(queues, batch: false), queuesJson, now) is { } id
                    ? ClaimActivityRow(db, id, now)
                    : null;
            }, cancellationToken, WriteAnswer.Shared).ConfigureAwait(false);

            if (claimed is not { } row)
            {
                return null;
            }

            if (await DecodeOrFailAsync(row, cancellationToken).ConfigureAwait(false) is { } task)
            {
                return task;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityTask>> GetActivityTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        string queuesJson = QueuesJson(queues);
        if (!_inMemory && !await ReadAsync((db, now) => FindClaimable(db, Sql.ActivityClaimCandidates(queues, batch: false), queuesJson, now) is not null, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var rows = await WriteAsync((db, now) =>
        {
            // Tables: activities. The candidates come from one walk of the claim index; each claim checks its row
            // again.
            var claimed = new List<ClaimedActivity>();
            foreach (long id in FindClaimableIds(db, Sql.ActivityClaimCandidates(queues, batch: true), queuesJson, now, max))
            {
                if (ClaimActivityRow(db, id, now) is { } row)
                {
                    claimed.Add(row);
                }
            }

            return claimed;
        }, cancellationToken, WriteAnswer.Shared).ConfigureAwait(false);

        var tasks = new List<ActivityTask>(rows.Count);
        foreach (var row in rows)
        {
            if (await DecodeOrFailAsync(row, cancellationToken).ConfigureAwait(false) is { } task)
            {
                tasks.Add(task);
            }
        }

        return tasks;
    }

    /// <summary>
    /// Claims the row: its columns are read inside the writer's transaction, as they are, and decoded after the commit
    /// on the caller's thread (<see cref="DecodeOrFailAsync"/>), so the one writer does not spend its time on JSON.
    /// </summary>
    private ClaimedActivity? ClaimActivityRow(SqliteConnection db, long id, DateTimeOffset now)
    {
        string token = UniqueIds.Next();
        return db.First(
            Sql.ClaimActivity,
            token,
            static (row, token) => (ClaimedActivity?)new ClaimedActivity(
                new WorkflowInstance(row.GetString(0), row.GetString(1)), row.GetString(2), row.GetString(3), row.GetInt64(4), row.GetInt64(5), row.GetString(6), token),
            ("$id", id),
            ("$lockToken", token),
            ("$lockedUntil", SqliteTime.Add(now, Options.ActivityLockTimeout)),
            ("$now", SqliteTime.ToTicks(now)));
    }

    /// <summary>A claimed activity row, not yet decoded.</summary>
    private readonly record struct ClaimedActivity(WorkflowInstance Instance, string EventId, string Queue, long ScheduleEventId, long Timestamp, string Attributes, string LockToken);

    private sealed record CorruptActivity(WorkflowInstance Instance, string EventId, string LockToken, long ScheduleEventId, CorruptRowException Error);

    /// <summary>
    /// The claimed row as an activity task; or, when it cannot become one, null once that one activity has failed (the
    /// workflow sees an ActivityFailed and its retry policy decides) instead of being offered to every poll forever.
    /// </summary>
    private async Task<ActivityTask?> DecodeOrFailAsync(ClaimedActivity row, CancellationToken cancellationToken)
    {
        CorruptActivity corrupt;
        try
        {
            var attributes = (ActivityScheduledAttributes)HistorySerializer.DeserializeAttributes(row.Attributes);
            var scheduled = new HistoryEvent(row.EventId, 0, SqliteTime.FromTicks(row.Timestamp), row.ScheduleEventId, attributes);
            return new ActivityTask(row.Instance, row.LockToken, row.Queue, scheduled);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidCastException)
        {
            corrupt = new CorruptActivity(row.Instance, row.EventId, row.LockToken, row.ScheduleEventId, new CorruptRowException("activities", row.Instance, $"event id {row.EventId}", ex));
        }

        await FailCorruptActivityAsync(corrupt, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task FailCorruptActivityAsync(CorruptActivity corrupt, CancellationToken cancellationToken)
    {
        var error = WorkflowError.FromException(corrupt.Error) with { StackTrace = null, NonRetryable = true };
        var failed = HistoryEvent.Create(Now, new ActivityFailedAttributes(error), corrupt.ScheduleEventId);
        try
        {
            await CompleteActivityAsync(corrupt.Instance, corrupt.EventId, corrupt.LockToken, failed, null, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            // Someone else took it over meanwhile; they meet the same row.
        }
    }

    /// <inheritdoc />
    public Task ExtendActivityTaskAsync(ActivityTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync((db, now) =>
        {
            // Tables: activities.
            int rows = db.Execute(
                Sql.ExtendActivityLease,
                ("$instanceId", task.Instance.InstanceId),
                ("$executionId", task.Instance.ExecutionId),
                ("$eventId", task.ScheduledEvent.Id),
                ("$lockToken", task.LockToken),
                ("$lockedUntil", SqliteTime.Add(now, Options.ActivityLockTimeout)));
            Fence.RequireHeld(rows, Fence.ActivityTask(task.ScheduledEvent.Id, task.Instance));
            return true;
        }, cancellationToken, WriteAnswer.WriterThread);
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
        return CompleteActivityAsync(task.Instance, task.ScheduledEvent.Id, task.LockToken, resultEvent, QueuesJson(queues), cancellationToken);
    }

    private async Task<WorkflowTask?> CompleteActivityAsync(WorkflowInstance instance, string eventId, string lockToken, HistoryEvent resultEvent, string? claimQueuesJson, CancellationToken cancellationToken)
    {
        var result = PendingEventParameters(instance, resultEvent);
        var claimed = await WriteAsync((db, now) =>
        {
            // Tables: executions, pending_events, activities. The result is delivered only to a running execution.
            bool delivered = db.Execute(Sql.InsertPendingEventIfRunning, [.. result, ("$now", SqliteTime.ToTicks(now))]) == 1;

            DeleteHeldActivity(db, instance, eventId, lockToken);
            return delivered && claimQueuesJson is not null ? ClaimExecutionOf(db, instance, claimQueuesJson, now) : null;
        }, cancellationToken, WriteAnswer.Shared).ConfigureAwait(false);

        if (claimed is null)
        {
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
        var encoded = new EncodedCompletion(instance, completion);
        var result = PendingEventParameters(instance, resultEvent);
        string queuesJson = QueuesJson(queues);
        var (fused, claimed, next, wake) = await WriteAsync((db, now) =>
        {
            // Tables: activities, then executions, history, pending_events, activities (the one writer holds the whole
            // database, so the order cannot deadlock). The activity's fence comes first, as a finishing workflow task
            // deletes the execution's activities; 0 rows ends the write with nothing done.
            DeleteHeldActivity(db, instance, activity.ScheduledEvent.Id, activity.LockToken);
            int committed = db.Execute(Sql.CommitUnleasedExecution(encoded.Finished), [.. encoded.ExecutionState(lastSequenceId, now), ("$now", SqliteTime.ToTicks(now))]);
            List<ActivityTask> eager = [];
            bool wakeWorkflows = false;
            WorkflowTask? task = null;
            if (committed == 1)
            {
                (eager, wakeWorkflows) = CommitFenced(db, now, encoded, resultEvent.Id, queues, maxActivities);
            }
            else
            {
                // The execution moved on, is held, or has other events: the result waits as a pending event.
                bool delivered = db.Execute(Sql.InsertPendingEventIfRunning, [.. result, ("$now", SqliteTime.ToTicks(now))]) == 1;
                task = delivered ? ClaimExecutionOf(db, instance, queuesJson, now) : null;
                wakeWorkflows = task is null;
            }

            return (committed == 1, eager, task, wakeWorkflows);
        }, cancellationToken, WriteAnswer.Shared).ConfigureAwait(false);

        if (!fused)
        {
            if (wake)
            {
                _workflowSignal.Notify();
            }

            return FusedStepResult.NotFused(next);
        }

        NotifyAfterCommit(completion, claimed, wake);
        return FusedStepResult.Fused(claimed);
    }

    private static void DeleteHeldActivity(SqliteConnection db, WorkflowInstance instance, string eventId, string lockToken)
    {
        // The fence: 0 rows means this attempt no longer holds the task (a duplicate); the rollback drops everything.
        int rows = db.Execute(
            Sql.DeleteHeldActivity,
            ("$instanceId", instance.InstanceId),
            ("$executionId", instance.ExecutionId),
            ("$eventId", eventId),
            ("$lockToken", lockToken));
        Fence.RequireHeld(rows, Fence.ActivityTask(eventId, instance));
    }

    /// <summary>Claims one execution for eager dispatch if a poll could claim it now; null otherwise.</summary>
    private WorkflowTask? ClaimExecutionOf(SqliteConnection db, WorkflowInstance instance, string queuesJson, DateTimeOffset now)
    {
        string token = UniqueIds.Next();
        var claimed = db.First(
            Sql.ClaimExecutionOf,
            0,
            static (row, _) => ((long, string, string, long, string?)?)(row.GetInt64(0), row.GetString(1), row.GetString(2), row.GetInt64(3), row.GetNullableString(4)),
            ("$instanceId", instance.InstanceId),
            ("$executionId", instance.ExecutionId),
            ("$lockToken", token),
            ("$lockedUntil", SqliteTime.Add(now, Options.WorkflowLockTimeout)),
            ("$now", SqliteTime.ToTicks(now)),
            ("$queues", queuesJson));
        if (claimed is not { } row)
        {
            return null;
        }

        var (id, name, queue, lastSequenceId, metadata) = row;

        try
        {
            return new WorkflowTask(instance, token, name, queue, lastSequenceId, ReadVisiblePendingEvents(db, instance, now), EventRows.DecodeMetadata(metadata)) { ClaimedAt = now };
        }
        catch (CorruptRowException)
        {
            // Left to the next poll, which backs the instance off (and parks it) as for any poisoned claim.
            db.Execute(Sql.UnclaimExecution, ("$id", id), ("$lockToken", token));
            return null;
        }
    }

    /// <inheritdoc />
    public Task AbandonActivityTaskAsync(ActivityTask task, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return WriteAsync((db, now) =>
        {
            // Tables: activities.
            db.Execute(
                Sql.ReleaseActivity,
                ("$instanceId", task.Instance.InstanceId),
                ("$executionId", task.Instance.ExecutionId),
                ("$eventId", task.ScheduledEvent.Id),
                ("$lockToken", task.LockToken),
                ("$notBefore", SqliteTime.Add(now, retryAfter)));
            return true;
        }, cancellationToken, WriteAnswer.Shared);
    }
}
