using System.Globalization;
using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Sqlite;

public sealed partial class SqliteBackend
{
    /// <inheritdoc />
    public async Task CreateWorkflowInstanceAsync(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(startedEvent);
        var started = (ExecutionStartedAttributes)startedEvent.Attributes;
        await WriteAsync((db, now) =>
        {
            // Tables: executions, pending_events.
            if (ReadLatest(db, instance.InstanceId) is { Status: WorkflowStatus.Running })
            {
                throw new WorkflowInstanceAlreadyExistsException(instance.InstanceId);
            }

            InsertExecution(db, instance, started, metadata, now);
            InsertPendingEvent(db, instance, startedEvent, now);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    private static void InsertExecution(SqliteConnection db, WorkflowInstance instance, ExecutionStartedAttributes started, WorkflowMetadata? metadata, DateTimeOffset now)
    {
        db.Execute(Sql.ClearLatestExecution, ("$instanceId", instance.InstanceId));
        db.Execute(
            Sql.InsertExecution,
            ("$instanceId", instance.InstanceId),
            ("$executionId", instance.ExecutionId),
            ("$workflowName", started.Name),
            ("$queue", started.Queue),
            ("$createdAt", SqliteTime.ToTicks(now)),
            ("$parentInstanceId", started.Parent?.InstanceId),
            ("$parentExecutionId", started.Parent?.ExecutionId),
            ("$parentScheduleEventId", started.Parent?.ScheduleEventId),
            ("$metadata", EventRows.EncodeMetadata(metadata)));
    }

    private static void InsertPendingEvent(SqliteConnection db, WorkflowInstance instance, HistoryEvent e, DateTimeOffset now)
        => InsertPendingEvent(db, PendingEventParameters(instance, e), now);

    /// <summary>The columns of a pending event, encoded before the transaction so the writer only binds them.</summary>
    private static (string, object?)[] PendingEventParameters(WorkflowInstance instance, HistoryEvent e)
        => EventRows.PendingEventParameters(instance, e);

    private static void InsertPendingEvent(SqliteConnection db, (string, object?)[] parameters, DateTimeOffset now)
        => db.Execute(Sql.InsertPendingEvent, [.. parameters, ("$now", SqliteTime.ToTicks(now))]);

    private readonly record struct LatestExecution(long Id, WorkflowInstance Instance, WorkflowStatus Status);

    private static LatestExecution? ReadLatest(SqliteConnection db, string instanceId)
    {
        var command = db.Prepared(Sql.SelectLatestExecution, ("$instanceId", instanceId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new LatestExecution(reader.GetInt64(0), new WorkflowInstance(instanceId, reader.GetString(1)), (WorkflowStatus)reader.GetInt32(2))
            : null;
    }

    private static WorkflowStatus? ReadStatus(SqliteConnection db, WorkflowInstance instance)
        => db.Scalar(Sql.SelectExecutionStatus, ("$instanceId", instance.InstanceId), ("$executionId", instance.ExecutionId)) is { } status
            ? (WorkflowStatus)Convert.ToInt32(status, CultureInfo.InvariantCulture)
            : null;

    private static WorkflowInstance ActiveExecution(SqliteConnection db, string instanceId)
    {
        var latest = ReadLatest(db, instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
        if (latest.Status != WorkflowStatus.Running)
        {
            throw new WorkflowInstanceNotFoundException(instanceId, $"it has already finished ({latest.Status})");
        }

        return latest.Instance;
    }

    /// <inheritdoc />
    public async Task CancelWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await WriteAsync((db, now) =>
        {
            // Tables: executions, pending_events.
            var active = ActiveExecution(db, instanceId);
            InsertPendingEvent(db, active, HistoryEvent.Create(now, new WorkflowCancellationRequestedAttributes()), now);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    /// <inheritdoc />
    public async Task SignalWorkflowAsync(string instanceId, HistoryEvent signalEvent, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(signalEvent);
        await WriteAsync((db, now) =>
        {
            // Tables: signal_requests (read), executions, signal_requests, pending_events.
            // A retry of a request that was accepted succeeds even after the instance finished: the signal landed.
            if (requestId is not null && db.Scalar(Sql.SelectSignalRequest, ("$instanceId", instanceId), ("$requestId", requestId)) is not null)
            {
                return false;
            }

            var active = ActiveExecution(db, instanceId);
            if (requestId is not null && db.Execute(Sql.InsertSignalRequest, ("$instanceId", instanceId), ("$requestId", requestId)) == 0)
            {
                return false; // A retry of a signal that was already accepted.
            }

            InsertPendingEvent(db, active, signalEvent, now);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    /// <inheritdoc />
    public Task RemoveWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return WriteAsync((db, now) =>
        {
            // Tables: executions, history, signal_requests, pending_events, activities (executions rows go last).
            var latest = ReadLatest(db, instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
            if (latest.Status == WorkflowStatus.Running)
            {
                throw new WorkflowNotFinishedException(instanceId);
            }

            DeleteInstanceRows(db, instanceId);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WorkflowInstanceState> GetWorkflowInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return ReadAsync((db, now) =>
        {
            var command = db.Prepared(Sql.SelectInstanceState, ("$instanceId", instanceId));
            using var reader = command.ExecuteReader();
            return reader.Read() ? EventRows.ReadState(reader) : throw new WorkflowInstanceNotFoundException(instanceId);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceState>> ListWorkflowExecutionsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        return ReadAsync<IReadOnlyList<WorkflowInstanceState>>((db, now) =>
        {
            var command = db.Prepared(Sql.SelectExecutionStates, ("$instanceId", instanceId));
            using var reader = command.ExecuteReader();
            var states = new List<WorkflowInstanceState>();
            while (reader.Read())
            {
                states.Add(EventRows.ReadState(reader));
            }

            return states.Count > 0 ? states : throw new WorkflowInstanceNotFoundException(instanceId);
        }, cancellationToken);
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
        return ReadAsync<IReadOnlyList<HistoryEvent>>((db, now) =>
        {
            if (ReadStatus(db, instance) is null)
            {
                throw new WorkflowInstanceNotFoundException(instance.InstanceId, $"no execution '{instance.ExecutionId}'");
            }

            var events = new List<HistoryEvent>();
            db.Each(
                Sql.SelectHistory,
                (events, instance),
                static (row, state) => state.events.Add(EventRows.ReadEvent(row, "history", state.instance)),
                ("$instanceId", instance.InstanceId),
                ("$executionId", instance.ExecutionId),
                ("$afterSequenceId", afterSequenceId ?? 0),
                ("$limit", limit));
            return events;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<InstancePage> ListWorkflowInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        long before = query.Cursor is null ? long.MaxValue : long.Parse(query.Cursor, CultureInfo.InvariantCulture);
        int pageSize = Math.Max(1, query.PageSize);
        return ReadAsync((db, now) =>
        {
            using var command = db.Command(
                Sql.ListInstances(query),
                ("$status", query.Status is { } status ? (int)status : null),
                ("$before", before),
                ("$limit", pageSize + 1),
                ("$workflowName", query.WorkflowName),
                ("$queue", query.Queue),
                ("$prefix", query.InstanceIdPrefix),
                ("$createdFrom", query.CreatedFrom is { } cf ? SqliteTime.ToTicks(cf) : null),
                ("$createdBefore", query.CreatedBefore is { } cb ? SqliteTime.ToTicks(cb) : null),
                ("$finishedFrom", query.FinishedFrom is { } ff ? SqliteTime.ToTicks(ff) : null),
                ("$finishedBefore", query.FinishedBefore is { } fb ? SqliteTime.ToTicks(fb) : null),
                ("$parentInstanceId", query.ParentInstanceId),
                ("$blocked", query.BlockedOnly ? 1 : 0));
            using var reader = command.ExecuteReader();
            var states = new List<WorkflowInstanceState>();
            var ids = new List<long>();
            while (reader.Read())
            {
                states.Add(EventRows.ReadState(reader));
                ids.Add(reader.GetInt64(14));
            }

            string? next = states.Count > pageSize ? ids[pageSize - 1].ToString(CultureInfo.InvariantCulture) : null;
            return new InstancePage(states.Take(pageSize).ToList(), next);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken = default)
        => ReadAsync((db, now) =>
        {
            long active = Convert.ToInt64(db.Scalar(Sql.CountActiveInstances), CultureInfo.InvariantCulture);
            return new BackendStats
            {
                ActiveInstances = active,
                PendingWorkflowTasks = CountByQueue(db, Sql.CountPendingWorkflowTasksByQueue, now),
                PendingActivityTasks = CountByQueue(db, Sql.CountActivitiesByQueue, now),
                InstancesByStatus = CountByQueue(db, Sql.CountInstancesByStatus, now)
                    .ToDictionary(p => (WorkflowStatus)int.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value),
                InstancesByWorkflowName = CountByQueue(db, Sql.CountInstancesByWorkflowName, now),
            };
        }, cancellationToken);

    /// <inheritdoc />
    public async Task ResumeWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await WriteAsync((db, now) =>
        {
            // Tables: executions.
            var latest = ReadLatest(db, instanceId) ?? throw new WorkflowInstanceNotFoundException(instanceId);
            if (latest.Status.IsFinished())
            {
                throw new WorkflowAlreadyFinishedException(instanceId, latest.Status);
            }

            int updated = db.Execute(Sql.ResumeExecution, ("$instanceId", instanceId), ("$executionId", latest.Instance.ExecutionId));
            return updated == 1 ? true : throw new WorkflowInstanceNotFoundException(instanceId, "it changed while being resumed");
        }, cancellationToken).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    private static Dictionary<string, long> CountByQueue(SqliteConnection db, string sql, DateTimeOffset now)
    {
        using var command = db.Command(sql, ("$now", SqliteTime.ToTicks(now)));
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            // Status counts come back as integers; the key is text either way.
            counts[Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!] = reader.GetInt64(1);
        }

        return counts;
    }
}
