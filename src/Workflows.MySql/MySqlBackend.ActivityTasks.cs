using System.Globalization;
using System.Text.Json;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.MySql;

public sealed partial class MySqlBackend
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

                    string token = Guid.NewGuid().ToString("N");
                    await db.ExecuteAsync(
                        Sql.ClaimActivity,
                        ct,
                        ("@id", id),
                        ("@lockToken", token),
                        ("@worker", _options.WorkerName),
                        ("@lockedUntil", MySqlTime.Add(db.Now, Options.ActivityLockTimeout))).ConfigureAwait(false);
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
                await CompleteActivityAsync(corrupt.Instance, corrupt.EventId, corrupt.LockToken, failed, cancellationToken).ConfigureAwait(false);
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
                int rows = await db.ExecuteAsync(
                    Sql.ExtendActivityLease,
                    ct,
                    ("@instanceId", task.Instance.InstanceId),
                    ("@executionId", task.Instance.ExecutionId),
                    ("@eventId", task.ScheduledEvent.Id),
                    ("@lockToken", task.LockToken),
                    ("@lockedUntil", MySqlTime.Add(db.Now, Options.ActivityLockTimeout))).ConfigureAwait(false);
                return rows == 1 ? true : throw new LeaseLostException($"activity task {task.ScheduledEvent.Id} of {task.Instance}");
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(resultEvent);
        return CompleteActivityAsync(task.Instance, task.ScheduledEvent.Id, task.LockToken, resultEvent, cancellationToken);
    }

    private async Task CompleteActivityAsync(WorkflowInstance instance, string eventId, string lockToken, HistoryEvent resultEvent, CancellationToken cancellationToken)
    {
        var key = new (string, object?)[] { ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId), ("@eventId", eventId), ("@lockToken", lockToken) };
        await WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, pending_events, activities. The shared lock on the execution keeps a commit
                // that finishes it from slipping between this status check and the insert.
                if (await ReadStatusAsync(db, instance, shared: true, ct).ConfigureAwait(false) == WorkflowStatus.Running)
                {
                    await InsertPendingEventAsync(db, instance, resultEvent, ct).ConfigureAwait(false);
                }

                // The fence: 0 rows means this attempt no longer holds the task (a duplicate); the rollback drops the event.
                int rows = await db.ExecuteAsync(Sql.DeleteHeldActivity, ct, key).ConfigureAwait(false);
                return rows == 1 ? true : throw new LeaseLostException($"activity task {eventId} of {instance}");
            },
            cancellationToken,
            landed: async (db, ct) =>
            {
                // Once the row held by this token is gone, this result is recorded or no longer wanted; either way,
                // recording it again would be a duplicate.
                long held = Convert.ToInt64(await db.ScalarAsync(Sql.CountHeldActivity, ct, key).ConfigureAwait(false), CultureInfo.InvariantCulture);
                return (held == 0, true);
            }).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

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
                    ("@notBefore", MySqlTime.Add(db.Now, retryAfter))).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }
}
