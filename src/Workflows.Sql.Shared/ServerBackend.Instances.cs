using System.Data.Common;
using System.Globalization;
using Workflows.Backends;
using Workflows.History;

// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs: the client-side operations on instances
// (create, cancel, signal, terminate, remove) and the reads the client, the CLI and the dashboard make.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;

public sealed partial class MySqlBackend
#else
namespace Workflows.Postgres;

public sealed partial class PostgresBackend
#endif
{
    /// <inheritdoc />
    public async Task CreateWorkflowInstanceAsync(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(startedEvent);
        var started = (ExecutionStartedAttributes)startedEvent.Attributes;
        CheckStorable(instance.InstanceId, "instance id", nameof(instance));
        CheckStorable(instance.ExecutionId, "execution id", nameof(instance));
        CheckStorable(started.Name, "workflow name", nameof(startedEvent));
        CheckStorable(started.Queue, "queue", nameof(startedEvent));
        await WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, pending_events.
                if (await ReadLatestAsync(db, instance.InstanceId, shared: true, ct).ConfigureAwait(false) is { Status: WorkflowStatus.Running })
                {
                    throw new WorkflowInstanceAlreadyExistsException(instance.InstanceId);
                }

                // The writes go with the COMMIT. A duplicate key means another client created the same id between
                // our look and our insert.
                DeferInsertExecution(db, instance, started, metadata, ex => Db.IsDuplicateKey(ex) ? new WorkflowInstanceAlreadyExistsException(instance.InstanceId) : null);
                DeferPendingEvent(db, instance, startedEvent);
                db.WakesWorkflows = true;
                return true;
            },
            cancellationToken,
            landed: async (db, ct) => (await ReadStatusAsync(db, instance, shared: false, ct).ConfigureAwait(false) is not null, true)).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    /// <summary>
    /// Makes <paramref name="instance"/> the latest execution of its id, deferred to the transaction's next round trip
    /// (see <see cref="Db"/>); <paramref name="translate"/> names the error a duplicate key stands for, if any.
    /// </summary>
    private static void DeferInsertExecution(Db db, WorkflowInstance instance, ExecutionStartedAttributes started, WorkflowMetadata? metadata, Func<Exception, Exception?>? translate = null)
    {
        db.Defer(Sql.ClearLatestExecution, ("@instanceId", instance.InstanceId));
        db.Defer(
            Sql.InsertExecution,
            translate,
            ("@instanceId", instance.InstanceId),
            ("@executionId", instance.ExecutionId),
            ("@workflowName", started.Name),
            ("@queue", started.Queue),
            ("@parentInstanceId", started.Parent?.InstanceId),
            ("@parentExecutionId", started.Parent?.ExecutionId),
            ("@parentScheduleEventId", started.Parent?.ScheduleEventId),
            ("@metadata", EventRows.EncodeMetadata(metadata)));
    }

    private static Task<int> InsertPendingEventAsync(Db db, WorkflowInstance instance, HistoryEvent e, CancellationToken ct)
        => db.ExecuteAsync(Sql.InsertPendingEvent, ct, EventRows.EventParameters(instance, e with { SequenceId = 0 }));

    /// <summary>As <see cref="InsertPendingEventAsync"/>, deferred to the transaction's next round trip (see <see cref="Db"/>).</summary>
    private static void DeferPendingEvent(Db db, WorkflowInstance instance, HistoryEvent e)
        => db.Defer(Sql.InsertPendingEvent, EventRows.EventParameters(instance, e with { SequenceId = 0 }));

    private readonly record struct LatestExecution(long Id, WorkflowInstance Instance, WorkflowStatus Status);

    /// <remarks>
    /// Where <see cref="LockingReadsMissNewRows"/> (PostgreSQL), an empty locking read is confirmed by a plain read,
    /// which takes a new snapshot: if that finds a latest execution, the locking read runs again.
    /// </remarks>
    private static async Task<LatestExecution?> ReadLatestAsync(Db db, string instanceId, bool shared, CancellationToken ct)
    {
        while (true)
        {
            if (await ReadLatestOnceAsync(db, instanceId, shared, ct).ConfigureAwait(false) is { } latest)
            {
                return latest;
            }

            if (!shared || !LockingReadsMissNewRows || await ReadLatestOnceAsync(db, instanceId, shared: false, ct).ConfigureAwait(false) is null)
            {
                return null;
            }
        }
    }

    private static async Task<LatestExecution?> ReadLatestOnceAsync(Db db, string instanceId, bool shared, CancellationToken ct)
    {
        await using var reader = await db.ReaderAsync(shared ? Sql.SelectLatestExecutionShared : Sql.SelectLatestExecution, null, ct, ("@instanceId", instanceId)).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new LatestExecution(reader.GetInt64(0), new WorkflowInstance(instanceId, reader.GetString(1)), (WorkflowStatus)reader.GetInt32(2))
            : null;
    }

    private static async Task<WorkflowStatus?> ReadStatusAsync(Db db, WorkflowInstance instance, bool shared, CancellationToken ct)
        => await db.ScalarAsync(shared ? Sql.SelectExecutionStatusShared : Sql.SelectExecutionStatus, ct, ("@instanceId", instance.InstanceId), ("@executionId", instance.ExecutionId)).ConfigureAwait(false) is { } status
            ? (WorkflowStatus)Convert.ToInt32(status, CultureInfo.InvariantCulture)
            : null;

    private static async Task<WorkflowInstance> ActiveExecutionAsync(Db db, string instanceId, CancellationToken ct)
    {
        var latest = await ReadLatestAsync(db, instanceId, shared: true, ct).ConfigureAwait(false) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        if (latest.Status != WorkflowStatus.Running)
        {
            throw new WorkflowInstanceNotFoundException(instanceId, $"it has already finished ({latest.Status})");
        }

        return latest.Instance;
    }

    private static async Task<bool> EventExistsAsync(Db db, string instanceId, string eventId, CancellationToken ct)
    {
        if (Convert.ToInt64(await db.ScalarAsync(Sql.CountPendingEvent, ct, ("@instanceId", instanceId), ("@eventId", eventId)).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
        {
            return true;
        }

        // Consumed already: look in the history of the latest execution.
        return await ReadLatestAsync(db, instanceId, shared: false, ct).ConfigureAwait(false) is { } latest
            && Convert.ToInt64(await db.ScalarAsync(Sql.CountHistoryEvent, ct, ("@instanceId", instanceId), ("@executionId", latest.Instance.ExecutionId), ("@eventId", eventId)).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <inheritdoc />
    public async Task CancelWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        CheckStorable(instanceId, "instance id", nameof(instanceId));
        var request = HistoryEvent.Create(DateTimeOffset.UtcNow, new WorkflowCancellationRequestedAttributes());
        await WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, pending_events.
                var active = await ActiveExecutionAsync(db, instanceId, ct).ConfigureAwait(false);
                await InsertPendingEventAsync(db, active, request with { Timestamp = ServerTime.ToOffset(db.Now) }, ct).ConfigureAwait(false);
                db.WakesWorkflows = true;
                return true;
            },
            cancellationToken,
            landed: async (db, ct) => (await EventExistsAsync(db, instanceId, request.Id, ct).ConfigureAwait(false), true)).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    /// <inheritdoc />
    public async Task SignalWorkflowAsync(string instanceId, HistoryEvent signalEvent, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        CheckStorable(instanceId, "instance id", nameof(instanceId));
        ArgumentNullException.ThrowIfNull(signalEvent);
        if (requestId is not null)
        {
            CheckStorable(requestId, "signal request id", nameof(requestId));
        }

        await WriteAsync(
            async (db, ct) =>
            {
                // Tables: signal_requests (plain read), executions, signal_requests, pending_events.
                // A retry of a request that was accepted succeeds even after the instance finished: the signal landed.
                if (requestId is not null && await db.ScalarAsync(Sql.SelectSignalRequest, ct, ("@instanceId", instanceId), ("@requestId", requestId)).ConfigureAwait(false) is not null)
                {
                    return false;
                }

                var active = await ActiveExecutionAsync(db, instanceId, ct).ConfigureAwait(false);
                if (requestId is not null && await db.ExecuteAsync(Sql.InsertSignalRequest, ct, ("@instanceId", instanceId), ("@requestId", requestId)).ConfigureAwait(false) == 0)
                {
                    return false; // A retry of a signal that was already accepted.
                }

                await InsertPendingEventAsync(db, active, signalEvent, ct).ConfigureAwait(false);
                db.WakesWorkflows = true;
                return true;
            },
            cancellationToken,
            landed: async (db, ct) => (await EventExistsAsync(db, instanceId, signalEvent.Id, ct).ConfigureAwait(false), true)).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    /// <inheritdoc />
    public Task RemoveWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        CheckStorable(instanceId, "instance id", nameof(instanceId));
        return WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, history, signal_requests, pending_events, activities (executions rows are deleted last).
                var latest = await ReadLatestAsync(db, instanceId, shared: true, ct).ConfigureAwait(false) ?? throw new WorkflowInstanceNotFoundException(instanceId);
                if (latest.Status == WorkflowStatus.Running)
                {
                    throw new WorkflowNotFinishedException(instanceId);
                }

                await DeleteInstanceRowsAsync(db, instanceId, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken,
            landed: async (db, ct) => (await ReadLatestAsync(db, instanceId, shared: false, ct).ConfigureAwait(false) is null, true));
    }

    private static async Task DeleteInstanceRowsAsync(Db db, string instanceId, CancellationToken ct)
    {
        var key = ("@instanceId", (object?)instanceId);
        await db.ExecuteAsync(Sql.DeleteHistory, ct, key).ConfigureAwait(false);
        await db.ExecuteAsync(Sql.DeleteSignalRequests, ct, key).ConfigureAwait(false);
        await db.ExecuteAsync(Sql.DeleteInstancePendingEvents, ct, key).ConfigureAwait(false);
        await db.ExecuteAsync(Sql.DeleteInstanceActivities, ct, key).ConfigureAwait(false);
        await db.ExecuteAsync(Sql.DeleteExecutions, ct, key).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<int> RemoveWorkflowInstancesAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken = default)
    {
        if (batchSize <= 0)
        {
            return Task.FromResult(0);
        }

        return WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, history, signal_requests, pending_events, activities (executions rows are deleted last).
                var ids = new List<string>();
                await using (var reader = await db.ReaderAsync(Sql.SelectFinishedInstancesForUpdate, null, ct, ("@finishedBefore", finishedBefore.UtcDateTime), ("@limit", batchSize)).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        ids.Add(reader.GetString(0));
                    }
                }

                foreach (string id in ids)
                {
                    await DeleteInstanceRowsAsync(db, id, ct).ConfigureAwait(false);
                }

                return ids.Count;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task TerminateWorkflowInstanceAsync(string instanceId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        CheckStorable(instanceId, "instance id", nameof(instanceId));
        WorkflowInstance? terminated = null;
        await WriteAsync(
            async (db, ct) =>
            {
                // Tables: executions, history, pending_events, activities. Every execution that ends (the instance
                // and, recursively, its running sub-workflows) is locked and updated before any other table is touched.
                var root = await ReadActiveForUpdateAsync(db, instanceId, ct).ConfigureAwait(false)
                    ?? throw new WorkflowInstanceNotFoundException(instanceId);
                terminated = root.Instance;
                var ending = new List<(Terminating Execution, string? Reason)> { (root, reason) };
                for (int i = 0; i < ending.Count; i++)
                {
                    foreach (var child in await ReadRunningChildrenForUpdateAsync(db, ending[i].Execution.Instance, ct).ConfigureAwait(false))
                    {
                        ending.Add((child, "the parent was terminated"));
                    }
                }

                bool parentRunning = root.Parent is { } p
                    && await ReadStatusAsync(db, new WorkflowInstance(p.InstanceId, p.ExecutionId), shared: true, ct).ConfigureAwait(false) == WorkflowStatus.Running;

                var errors = new List<WorkflowError>();
                foreach (var (execution, why) in ending)
                {
                    var error = new WorkflowError("Workflows.WorkflowTerminated", why is null ? "The workflow was terminated." : $"The workflow was terminated: {why}");
                    errors.Add(error);
                    await db.ExecuteAsync(
                        Sql.TerminateExecution,
                        ct,
                        ("@instanceId", execution.Instance.InstanceId),
                        ("@executionId", execution.Instance.ExecutionId),
                        ("@status", (int)WorkflowStatus.Terminated),
                        ("@error", EventRows.EncodeError(error))).ConfigureAwait(false);
                }

                var timestamp = ServerTime.ToOffset(db.Now);
                foreach (var (execution, why) in ending)
                {
                    var e = HistoryEvent.Create(timestamp, new ExecutionTerminatedAttributes(why)) with { SequenceId = execution.LastSequenceId + 1 };
                    await db.ExecuteAsync(Sql.InsertHistoryEvent, ct, EventRows.EventParameters(execution.Instance, e)).ConfigureAwait(false);
                }

                foreach (var (execution, _) in ending)
                {
                    await db.ExecuteAsync(Sql.DeleteExecutionPendingEvents, ct, ("@instanceId", execution.Instance.InstanceId), ("@executionId", execution.Instance.ExecutionId)).ConfigureAwait(false);
                }

                if (parentRunning && root.Parent is { } parent)
                {
                    var failed = HistoryEvent.Create(timestamp, new SubWorkflowFailedAttributes(errors[0]), parent.ScheduleEventId);
                    await InsertPendingEventAsync(db, new WorkflowInstance(parent.InstanceId, parent.ExecutionId), failed, ct).ConfigureAwait(false);
                    db.WakesWorkflows = true;
                }

                foreach (var (execution, _) in ending)
                {
                    await db.ExecuteAsync(Sql.DeleteExecutionActivities, ct, ("@instanceId", execution.Instance.InstanceId), ("@executionId", execution.Instance.ExecutionId)).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken,
            landed: async (db, ct) => (terminated is { } t && await ReadStatusAsync(db, t, shared: false, ct).ConfigureAwait(false) == WorkflowStatus.Terminated, true)).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    private sealed record Terminating(WorkflowInstance Instance, long LastSequenceId, ParentReference? Parent);

    /// <remarks>An empty locking read is confirmed by a plain one where <see cref="LockingReadsMissNewRows"/>.</remarks>
    private static async Task<Terminating?> ReadActiveForUpdateAsync(Db db, string instanceId, CancellationToken ct)
    {
        while (true)
        {
            await using (var reader = await db.ReaderAsync(Sql.SelectActiveExecutionForUpdate, null, ct, ("@instanceId", instanceId)).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return new Terminating(new WorkflowInstance(instanceId, reader.GetString(0)), reader.GetInt64(1), ReadParent(reader, 2));
                }
            }

            if (!LockingReadsMissNewRows || await db.ScalarAsync(Sql.SelectActiveExecution, ct, ("@instanceId", instanceId)).ConfigureAwait(false) is null)
            {
                return null;
            }
        }
    }

    private static async Task<List<Terminating>> ReadRunningChildrenForUpdateAsync(Db db, WorkflowInstance parent, CancellationToken ct)
    {
        var children = new List<Terminating>();
        await using var reader = await db.ReaderAsync(Sql.SelectRunningChildrenForUpdate, null, ct, ("@instanceId", parent.InstanceId), ("@executionId", parent.ExecutionId)).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            children.Add(new Terminating(new WorkflowInstance(reader.GetString(0), reader.GetString(1)), reader.GetInt64(2), ReadParent(reader, 3)));
        }

        return children;
    }

    private static ParentReference? ReadParent(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : new ParentReference(reader.GetString(ordinal), reader.GetString(ordinal + 1), reader.GetInt64(ordinal + 2));

    /// <inheritdoc />
    public Task<WorkflowInstanceState> GetWorkflowInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        CheckStorable(instanceId, "instance id", nameof(instanceId));
        return ReadAsync(
            async (db, ct) =>
            {
                await using var reader = await db.ReaderAsync(Sql.SelectInstanceState, null, ct, ("@instanceId", instanceId)).ConfigureAwait(false);
                return await reader.ReadAsync(ct).ConfigureAwait(false) ? EventRows.ReadState(reader) : throw new WorkflowInstanceNotFoundException(instanceId);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceState>> ListWorkflowExecutionsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return ReadAsync<IReadOnlyList<WorkflowInstanceState>>(
            async (db, ct) =>
            {
                await using var reader = await db.ReaderAsync(Sql.SelectExecutionStates, null, ct, ("@instanceId", instanceId)).ConfigureAwait(false);
                var states = new List<WorkflowInstanceState>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    states.Add(EventRows.ReadState(reader));
                }

                return states.Count > 0 ? states : throw new WorkflowInstanceNotFoundException(instanceId);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="CorruptRowException">A history row cannot be decoded.</exception>
    public Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId = null, CancellationToken cancellationToken = default)
        => GetWorkflowInstanceHistoryAsync(instance, afterSequenceId, int.MaxValue, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="CorruptRowException">A history row cannot be decoded.</exception>
    public Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        CheckStorable(instance.InstanceId, "instance id", nameof(instance));
        CheckStorable(instance.ExecutionId, "execution id", nameof(instance));
        return ReadAsync<IReadOnlyList<HistoryEvent>>(
            async (db, ct) =>
            {
                if (await ReadStatusAsync(db, instance, shared: false, ct).ConfigureAwait(false) is null)
                {
                    throw new WorkflowInstanceNotFoundException(instance.InstanceId, $"no execution '{instance.ExecutionId}'");
                }

                await using var reader = await db.ReaderAsync(
                    Sql.SelectHistory,
                    null,
                    ct,
                    ("@instanceId", instance.InstanceId),
                    ("@executionId", instance.ExecutionId),
                    ("@afterSequenceId", afterSequenceId ?? 0),
                    ("@limit", limit)).ConfigureAwait(false);
                var events = new List<HistoryEvent>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    events.Add(EventRows.ReadEvent(reader, "history", instance));
                }

                return events;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<InstancePage> ListWorkflowInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        long before = query.Cursor is null ? long.MaxValue : long.Parse(query.Cursor, CultureInfo.InvariantCulture);
        int pageSize = Math.Max(1, query.PageSize);
        return ReadAsync(
            async (db, ct) =>
            {
                var (sql, parameters) = Sql.ListInstances(query, before, pageSize + 1);
                await using var reader = await db.ReaderAsync(sql, null, ct, parameters).ConfigureAwait(false);
                var states = new List<WorkflowInstanceState>();
                var ids = new List<long>();
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    states.Add(EventRows.ReadState(reader));
                    ids.Add(reader.GetInt64(14));
                }

                string? next = states.Count > pageSize ? ids[pageSize - 1].ToString(CultureInfo.InvariantCulture) : null;
                return new InstancePage(states.Take(pageSize).ToList(), next);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken = default)
        => ReadAsync(
            async (db, ct) =>
            {
                long active = Convert.ToInt64(await db.ScalarAsync(Sql.CountActiveInstances, ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
                return new BackendStats
                {
                    ActiveInstances = active,
                    PendingWorkflowTasks = await CountByQueueAsync(db, Sql.CountPendingWorkflowTasksByQueue, ct).ConfigureAwait(false),
                    PendingActivityTasks = await CountByQueueAsync(db, Sql.CountActivitiesByQueue, ct).ConfigureAwait(false),
                    InstancesByStatus = (await CountByQueueAsync(db, Sql.CountInstancesByStatus, ct).ConfigureAwait(false))
                        .ToDictionary(p => (WorkflowStatus)int.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value),
                    InstancesByWorkflowName = await CountByQueueAsync(db, Sql.CountInstancesByWorkflowName, ct).ConfigureAwait(false),
                };
            },
            cancellationToken);

    private static async Task<Dictionary<string, long>> CountByQueueAsync(Db db, string sql, CancellationToken ct)
    {
        await using var reader = await db.ReaderAsync(sql, null, ct).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
