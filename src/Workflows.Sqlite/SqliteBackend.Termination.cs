using Microsoft.Data.Sqlite;
using Workflows.History;

namespace Workflows.Sqlite;

public sealed partial class SqliteBackend
{
    /// <inheritdoc />
    public async Task TerminateWorkflowInstanceAsync(string instanceId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await WriteAsync((db, now) =>
        {
            // Tables: executions, history, pending_events, activities.
            var root = ActiveExecution(db, instanceId);
            var ended = new List<(WorkflowInstance Instance, long SequenceId, ParentReference? Parent, WorkflowError Error)>();
            var stack = new Stack<(WorkflowInstance Instance, string? Reason)>();
            stack.Push((root, reason));
            while (stack.Count > 0)
            {
                var (instance, why) = stack.Pop();
                var error = new WorkflowError("Workflows.WorkflowTerminated", why is null ? "The workflow was terminated." : $"The workflow was terminated: {why}");
                var (parent, lastSequenceId) = ReadParentAndLastSequence(db, instance);
                if (db.Execute(
                        Sql.TerminateExecution,
                        ("$instanceId", instance.InstanceId),
                        ("$executionId", instance.ExecutionId),
                        ("$status", (int)WorkflowStatus.Terminated),
                        ("$error", EventRows.EncodeError(error)),
                        ("$completedAt", SqliteTime.ToTicks(now))) != 1)
                {
                    continue;
                }

                ended.Add((instance, lastSequenceId + 1, parent, error));
                foreach (var child in ReadRunningChildren(db, instance))
                {
                    stack.Push((child, "the parent was terminated"));
                }
            }

            // Parents that are still running hear about it; those terminated here drop their pending events anyway.
            var reports = new List<(WorkflowInstance Target, HistoryEvent Event)>();
            foreach (var (_, _, parent, error) in ended)
            {
                if (parent is not null && ReadStatus(db, new WorkflowInstance(parent.InstanceId, parent.ExecutionId)) == WorkflowStatus.Running)
                {
                    reports.Add((new WorkflowInstance(parent.InstanceId, parent.ExecutionId), HistoryEvent.Create(now, new SubWorkflowFailedAttributes(error), parent.ScheduleEventId)));
                }
            }

            foreach (var (instance, sequenceId, _, _) in ended)
            {
                var terminated = HistoryEvent.Create(now, new ExecutionTerminatedAttributes(instance == root ? reason : "the parent was terminated")) with { SequenceId = sequenceId };
                db.Execute(Sql.InsertHistoryEvent, EventRows.EventParameters(instance, terminated));
            }

            foreach (var (instance, _, _, _) in ended)
            {
                db.Execute(Sql.DeleteExecutionPendingEvents, ("$instanceId", instance.InstanceId), ("$executionId", instance.ExecutionId));
            }

            foreach (var (target, e) in reports)
            {
                InsertPendingEvent(db, target, e, now);
            }

            foreach (var (instance, _, _, _) in ended)
            {
                db.Execute(Sql.DeleteExecutionActivities, ("$instanceId", instance.InstanceId), ("$executionId", instance.ExecutionId));
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        _workflowSignal.Notify();
    }

    private static (ParentReference? Parent, long LastSequenceId) ReadParentAndLastSequence(SqliteConnection db, WorkflowInstance instance)
    {
        using var command = db.Command(Sql.SelectParentAndLastSequence, ("$instanceId", instance.InstanceId), ("$executionId", instance.ExecutionId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return (null, 0);
        }

        var parent = reader.IsDBNull(0) ? null : new ParentReference(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
        return (parent, reader.GetInt64(3));
    }

    private static List<WorkflowInstance> ReadRunningChildren(SqliteConnection db, WorkflowInstance instance)
    {
        using var command = db.Command(Sql.SelectRunningChildren, ("$instanceId", instance.InstanceId), ("$executionId", instance.ExecutionId));
        using var reader = command.ExecuteReader();
        var children = new List<WorkflowInstance>();
        while (reader.Read())
        {
            children.Add(new WorkflowInstance(reader.GetString(0), reader.GetString(1)));
        }

        return children;
    }

    /// <inheritdoc />
    public Task<int> RemoveWorkflowInstancesAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken = default)
    {
        if (batchSize <= 0)
        {
            return Task.FromResult(0);
        }

        return WriteAsync((db, now) =>
        {
            // Tables: executions, history, signal_requests, pending_events, activities (executions rows go last).
            var ids = new List<string>();
            using (var command = db.Command(Sql.SelectExpiredInstances, ("$finishedBefore", SqliteTime.ToTicks(finishedBefore)), ("$limit", batchSize)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            foreach (string id in ids)
            {
                DeleteInstanceRows(db, id);
            }

            return ids.Count;
        }, cancellationToken);
    }

    private static void DeleteInstanceRows(SqliteConnection db, string instanceId)
    {
        var key = ("$instanceId", (object?)instanceId);
        db.Execute(Sql.DeleteHistory, key);
        db.Execute(Sql.DeleteSignalRequests, key);
        db.Execute(Sql.DeleteInstancePendingEvents, key);
        db.Execute(Sql.DeleteInstanceActivities, key);
        db.Execute(Sql.DeleteExecutions, key);
    }
}
