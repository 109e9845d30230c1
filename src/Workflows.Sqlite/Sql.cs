using Workflows.Backends;

namespace Workflows.Sqlite;

/// <summary>
/// Every statement the backend runs, named for intent. All values are bound as parameters; queue lists are bound
/// as one JSON array and expanded with <c>json_each</c>, so the text of every statement is constant, except the
/// instance list's, which names only the filters it was given.
/// </summary>
/// <remarks>
/// Write transactions touch tables in one order: executions, history, signal_requests, pending_events,
/// activities. Each method that writes names the tables it touches, in that order, in a comment at its top.
/// </remarks>
internal static class Sql
{
    // ---- schema journal -------------------------------------------------------------------------------------

    public const string JournalTable = "workflows_schema_journal";

    public const string CountTable = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name;";

    public const string CountUserTables = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';";

    public const string SelectSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM workflows_schema_journal;";

    public const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS workflows_schema_journal (
            version    INTEGER PRIMARY KEY,
            script     TEXT    NOT NULL,
            applied_at INTEGER NOT NULL
        );
        """;

    public const string InsertJournalEntry = "INSERT INTO workflows_schema_journal (version, script, applied_at) VALUES ($version, $script, $appliedAt);";

    // ---- executions ------------------------------------------------------------------------------------------

    private const string StateColumns = """
        instance_id, execution_id, workflow_name, queue, status, created_at, completed_at, result, error,
        parent_instance_id, parent_execution_id, parent_schedule_event_id, last_task_error, metadata, id
        """;

    public const string SelectLatestExecution = "SELECT id, execution_id, status FROM executions WHERE instance_id = $instanceId AND is_latest = 1;";

    public const string SelectExecutionStatus = "SELECT status FROM executions WHERE instance_id = $instanceId AND execution_id = $executionId;";

    public const string ClearLatestExecution = "UPDATE executions SET is_latest = 0 WHERE instance_id = $instanceId AND is_latest = 1;";

    public const string InsertExecution = """
        INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at,
                                parent_instance_id, parent_execution_id, parent_schedule_event_id, metadata)
        VALUES ($instanceId, $executionId, 1, $workflowName, $queue, 1, $createdAt,
                $parentInstanceId, $parentExecutionId, $parentScheduleEventId, $metadata);
        """;

    public const string SelectInstanceState = "SELECT " + StateColumns + " FROM executions WHERE instance_id = $instanceId AND is_latest = 1;";

    public const string SelectExecutionStates = "SELECT " + StateColumns + " FROM executions WHERE instance_id = $instanceId ORDER BY id DESC;";

    // Only the filters given appear in the text: a "($x IS NULL OR column = $x)" form keeps the planner from using
    // the index of the filter, and it then sorts every instance to find the newest page.
    public static string ListInstances(InstanceQuery query)
    {
        // The index is named: without statistics the bundled SQLite was seen walking the newest-first index for a
        // name filter, reading every instance when the name matched none.
        string index = query.WorkflowName is not null ? "ix_executions_latest_name"
            : query.Queue is not null ? "ix_executions_latest_queue"
            : query.Status is not null || query.BlockedOnly ? "ix_executions_list"
            : "ix_executions_newest";
        var sql = new System.Text.StringBuilder("SELECT " + StateColumns + " FROM executions INDEXED BY " + index + " WHERE is_latest = 1 AND id < $before");
        Append(query.Status is not null, " AND status = $status");
        Append(query.WorkflowName is not null, " AND workflow_name = $workflowName");
        Append(query.Queue is not null, " AND queue = $queue");
        Append(query.InstanceIdPrefix is not null, " AND substr(instance_id, 1, length($prefix)) = $prefix");
        Append(query.CreatedFrom is not null, " AND created_at >= $createdFrom");
        Append(query.CreatedBefore is not null, " AND created_at < $createdBefore");
        Append(query.FinishedFrom is not null, " AND completed_at >= $finishedFrom");
        Append(query.FinishedBefore is not null, " AND completed_at < $finishedBefore");
        Append(query.ParentInstanceId is not null, " AND parent_instance_id = $parentInstanceId");
        Append(query.BlockedOnly, " AND status = 1 AND last_task_error IS NOT NULL");
        return sql.Append(" ORDER BY id DESC LIMIT $limit;").ToString();

        void Append(bool given, string predicate)
        {
            if (given)
            {
                sql.Append(predicate);
            }
        }
    }

    // Both name their index: without statistics the planner walks every execution's list entry instead (70 ms and
    // 420 ms of CPU at 1,000,000 instances, against 1 ms and 120 ms).
    public const string CountActiveInstances = "SELECT COUNT(*) FROM executions INDEXED BY ux_executions_running WHERE status = 1;";

    public const string CountInstancesByStatus = "SELECT status, COUNT(*) FROM executions WHERE is_latest = 1 GROUP BY status;";

    public const string CountInstancesByWorkflowName = "SELECT workflow_name, COUNT(*) FROM executions INDEXED BY ix_executions_latest_name WHERE is_latest = 1 GROUP BY workflow_name;";

    // Fenced on the running execution the caller just read: exactly one row, or the instance changed underneath.
    public const string ResumeExecution = """
        UPDATE executions SET not_before = NULL, task_failures = 0
        WHERE instance_id = $instanceId AND execution_id = $executionId AND status = 1;
        """;

    public const string CountPendingWorkflowTasksByQueue = """
        SELECT e.queue, COUNT(*) FROM executions e
        WHERE e.status = 1
          AND EXISTS (SELECT 1 FROM pending_events p
                      WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id
                        AND (p.visible_at IS NULL OR p.visible_at <= $now))
        GROUP BY e.queue;
        """;

    public const string SelectRunningChildren = """
        SELECT instance_id, execution_id FROM executions
        WHERE parent_instance_id = $instanceId AND parent_execution_id = $executionId AND status = 1;
        """;

    public const string SelectParentAndLastSequence = """
        SELECT parent_instance_id, parent_execution_id, parent_schedule_event_id, last_sequence_id FROM executions
        WHERE instance_id = $instanceId AND execution_id = $executionId;
        """;

    // Ends a running execution from outside; clearing the lock token makes an in-flight commit fail its fence.
    public const string TerminateExecution = """
        UPDATE executions
           SET status = $status, error = $error, completed_at = $completedAt, last_sequence_id = last_sequence_id + 1,
               lock_token = NULL, locked_until = NULL, not_before = NULL
         WHERE instance_id = $instanceId AND execution_id = $executionId AND status = 1;
        """;

    // Named, since without statistics the planner prefers the newest-first list index and sorts every instance.
    public const string SelectExpiredInstances = """
        SELECT instance_id FROM executions INDEXED BY ix_executions_finished
        WHERE is_latest = 1 AND status <> 1 AND completed_at < $finishedBefore
        ORDER BY completed_at
        LIMIT $limit;
        """;

    public const string DeleteExecutions = "DELETE FROM executions WHERE instance_id = $instanceId;";

    // The executions of the ready pending events, oldest first (by the time each became ready, then arrival), that
    // are running, on the queues, free (never leased, released, or their lease lapsed) and past their retry delay.
    // Driven by the ready_at index, so executions waiting on future timers are never looked at. An execution appears
    // once per ready event.
    private const string ClaimableExecutions = """
        SELECT e.id FROM pending_events p
        CROSS JOIN executions e ON e.instance_id = p.instance_id AND e.execution_id = p.execution_id
        WHERE p.ready_at <= $now
          AND e.status = 1
          AND e.queue IN (SELECT value FROM json_each($queues))
          AND (e.lock_token IS NULL OR e.locked_until <= $now)
          AND (e.not_before IS NULL OR e.not_before <= $now)
        ORDER BY p.ready_at, p.id
        """;

    public const string FindClaimableExecution = ClaimableExecutions + " LIMIT 1;";

    // A batch claim's candidates from one walk of the index: the first $limit ready events' executions.
    public const string FindClaimableExecutions = ClaimableExecutions + " LIMIT $limit;";

    // Re-checks the claim conditions, so the claim is right even if the row changed since it was found.
    public const string ClaimExecution = """
        UPDATE executions SET lock_token = $lockToken, locked_until = $lockedUntil
        WHERE id = $id AND status = 1
          AND (lock_token IS NULL OR locked_until <= $now)
          AND (not_before IS NULL OR not_before <= $now)
        RETURNING instance_id, execution_id, workflow_name, queue, last_sequence_id, metadata, task_failures;
        """;

    // Eager dispatch after an activity completion: the same conditions as a claim, for the one execution.
    public const string ClaimExecutionOf = """
        UPDATE executions SET lock_token = $lockToken, locked_until = $lockedUntil
        WHERE instance_id = $instanceId AND execution_id = $executionId AND status = 1
          AND (lock_token IS NULL OR locked_until <= $now)
          AND (not_before IS NULL OR not_before <= $now)
          AND queue IN (SELECT value FROM json_each($queues))
        RETURNING id, workflow_name, queue, last_sequence_id, metadata;
        """;

    public const string UnclaimExecution = "UPDATE executions SET lock_token = NULL, locked_until = NULL WHERE id = $id AND lock_token = $lockToken;";

    public const string ExtendExecutionLease = """
        UPDATE executions SET locked_until = $lockedUntil
        WHERE instance_id = $instanceId AND execution_id = $executionId AND lock_token = $lockToken AND status = 1;
        """;

    // A commit's new state of the execution row. A task that leaves the execution running does not assign status
    // (nor result, error, completed_at): SQLite rewrites the entry of every index whose columns or WHERE clause an
    // UPDATE assigns, changed or not, and status is in five of them.
    private const string FinishedState = """
        UPDATE executions
           SET status = $status, last_sequence_id = $lastSequenceId, result = $result, error = $error,
               completed_at = $completedAt,
        """;

    private const string RunningState = """
        UPDATE executions
           SET last_sequence_id = $lastSequenceId,
        """;

    private const string Released = """
               lock_token = NULL, locked_until = NULL, not_before = NULL, last_task_error = NULL, task_failures = 0

        """;

    // The fence of a workflow-task commit: exactly one row, or the lease was lost and nothing may be written.
    private const string HeldFence = """
         WHERE instance_id = $instanceId AND execution_id = $executionId AND lock_token = $lockToken
           AND status = 1 AND last_sequence_id = $expectedLastSequenceId;
        """;

    // The fence of a fused step (an activity result committed with the workflow task it wakes): exactly one row when
    // a poll could claim the execution now with that result as its only event, so nothing else may have moved it.
    private const string UnleasedFence = """
         WHERE instance_id = $instanceId AND execution_id = $executionId
           AND status = 1 AND last_sequence_id = $expectedLastSequenceId
           AND (lock_token IS NULL OR locked_until <= $now)
           AND (not_before IS NULL OR not_before <= $now)
           AND NOT EXISTS (SELECT 1 FROM pending_events p
                           WHERE p.instance_id = $instanceId AND p.execution_id = $executionId
                             AND (p.visible_at IS NULL OR p.visible_at <= $now));
        """;

    private const string CommitFinishedExecution = FinishedState + Released + HeldFence;

    private const string CommitRunningExecution = RunningState + Released + HeldFence;

    private const string CommitFinishedUnleasedExecution = FinishedState + Released + UnleasedFence;

    private const string CommitRunningUnleasedExecution = RunningState + Released + UnleasedFence;

    /// <summary>A workflow task's commit of the execution row, fenced on its lease (<c>$lockToken</c>).</summary>
    public static string CommitExecution(bool finished) => finished ? CommitFinishedExecution : CommitRunningExecution;

    /// <summary>A fused step's commit of the execution row, fenced on its being claimable now (<c>$now</c>).</summary>
    public static string CommitUnleasedExecution(bool finished) => finished ? CommitFinishedUnleasedExecution : CommitRunningUnleasedExecution;

    public const string SelectHeldTaskFailures = """
        SELECT task_failures FROM executions
        WHERE instance_id = $instanceId AND execution_id = $executionId AND lock_token = $lockToken;
        """;

    public const string ReleaseExecutionWithError = """
        UPDATE executions
           SET lock_token = NULL, locked_until = NULL, last_task_error = $error, not_before = $notBefore,
               task_failures = task_failures + 1
         WHERE instance_id = $instanceId AND execution_id = $executionId AND lock_token = $lockToken;
        """;

    public const string ReleasePoisonedExecution = """
        UPDATE executions
           SET lock_token = NULL, locked_until = NULL, last_task_error = $error, not_before = $notBefore,
               task_failures = task_failures + 1
         WHERE id = $id AND lock_token = $lockToken;
        """;

    // The earliest time a workflow task may become claimable when none is now: the next future event (a timer; any
    // queue, which at worst wakes a poller once too early), or the end of a lease or retry delay of an execution that
    // has ready events. Each part is driven by its own index. Null when there is nothing to wait for.
    public const string NextWorkflowTaskDue = """
        SELECT MIN(due) FROM (
            SELECT MIN(ready_at) AS due FROM pending_events WHERE ready_at > $now
            UNION ALL
            SELECT MIN(MAX(e.locked_until, COALESCE(e.not_before, 0),
                           (SELECT MIN(p.ready_at) FROM pending_events p WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id)))
            FROM executions e
            WHERE e.lock_token IS NOT NULL AND e.status = 1 AND +e.queue IN (SELECT value FROM json_each($queues))
            UNION ALL
            SELECT MIN(MAX(e.not_before, CASE WHEN e.lock_token IS NULL THEN 0 ELSE e.locked_until END,
                           (SELECT MIN(p.ready_at) FROM pending_events p WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id)))
            FROM executions e
            WHERE e.not_before IS NOT NULL AND e.status = 1 AND +e.queue IN (SELECT value FROM json_each($queues))
        );
        """;

    // ---- history ---------------------------------------------------------------------------------------------

    public const string InsertHistoryEvent = """
        INSERT INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp, visible_at, attributes)
        VALUES ($instanceId, $executionId, $sequenceId, $eventId, $eventType, $scheduleEventId, $timestamp, $visibleAt, $attributes);
        """;

    /// <summary>Rows one history insert carries at most; a workflow task with more events uses several.</summary>
    public const int MaxHistoryRowsPerInsert = 16;

    private static readonly string[] s_insertHistoryRows = [.. Enumerable.Range(0, MaxHistoryRowsPerInsert + 1).Select(BuildInsertHistoryRows)];

    /// <summary>
    /// One statement appending <paramref name="rows"/> history events of one execution: <c>$instanceId</c> and
    /// <c>$executionId</c> once, the other columns numbered per row (<c>$sequenceId0</c>, <c>$eventId0</c>, ...).
    /// </summary>
    public static string InsertHistoryRows(int rows) => s_insertHistoryRows[rows];

    private static string BuildInsertHistoryRows(int rows) => rows == 0 ? "" :
        "INSERT OR FAIL INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp, visible_at, attributes) VALUES "
        + string.Join(", ", Enumerable.Range(0, rows).Select(i => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"($instanceId, $executionId, $sequenceId{i}, $eventId{i}, $eventType{i}, $scheduleEventId{i}, $timestamp{i}, $visibleAt{i}, $attributes{i})")))
        + ";";

    public const string SelectHistory = """
        SELECT event_id, sequence_id, timestamp, schedule_event_id, attributes, visible_at
        FROM history
        WHERE instance_id = $instanceId AND execution_id = $executionId AND sequence_id > $afterSequenceId
        ORDER BY sequence_id
        LIMIT $limit;
        """;

    public const string DeleteHistory = "DELETE FROM history WHERE instance_id = $instanceId;";

    // ---- signal requests -------------------------------------------------------------------------------------

    public const string SelectSignalRequest = "SELECT 1 FROM signal_requests WHERE instance_id = $instanceId AND request_id = $requestId;";

    public const string InsertSignalRequest = "INSERT OR IGNORE INTO signal_requests (instance_id, request_id) VALUES ($instanceId, $requestId);";

    public const string DeleteSignalRequests = "DELETE FROM signal_requests WHERE instance_id = $instanceId;";

    // ---- pending events --------------------------------------------------------------------------------------

    public const string InsertPendingEvent = """
        INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp, visible_at, ready_at, attributes)
        VALUES ($instanceId, $executionId, $eventId, $eventType, $scheduleEventId, $timestamp, $visibleAt, COALESCE($visibleAt, $now), $attributes);
        """;

    // Delivery to an execution that may have finished meanwhile: one row if it is still running, none otherwise.
    public const string InsertPendingEventIfRunning = """
        INSERT OR FAIL INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp, visible_at, ready_at, attributes)
        SELECT $instanceId, $executionId, $eventId, $eventType, $scheduleEventId, $timestamp, $visibleAt, COALESCE($visibleAt, $now), $attributes
        WHERE EXISTS (SELECT 1 FROM executions WHERE instance_id = $instanceId AND execution_id = $executionId AND status = 1);
        """;

    public const string SelectVisiblePendingEvents = """
        SELECT event_id, 0, timestamp, schedule_event_id, attributes, visible_at
        FROM pending_events
        WHERE instance_id = $instanceId AND execution_id = $executionId AND (visible_at IS NULL OR visible_at <= $now)
        ORDER BY id;
        """;

    public const string HasPendingEvents = "SELECT 1 FROM pending_events WHERE instance_id = $instanceId AND execution_id = $executionId LIMIT 1;";

    public const string DeletePendingEvent = "DELETE FROM pending_events WHERE instance_id = $instanceId AND execution_id = $executionId AND event_id = $eventId;";

    public const string DeletePendingTimer = """
        DELETE FROM pending_events
        WHERE instance_id = $instanceId AND execution_id = $executionId AND event_type = $timerFiredType AND schedule_event_id = $scheduleEventId;
        """;

    // Copies signals to the new execution as new arrivals (after its start event), in their arrival order; the
    // originals go with the rest of the finished execution's pending events.
    public const string CarryPendingSignals = """
        INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp, visible_at, ready_at, attributes)
        SELECT instance_id, $newExecutionId, event_id, event_type, schedule_event_id, timestamp, visible_at, $now, attributes
        FROM pending_events
        WHERE instance_id = $instanceId AND execution_id = $executionId AND event_type = $signalType
        ORDER BY id;
        """;

    public const string DeleteExecutionHistory = "DELETE FROM history WHERE instance_id = $instanceId AND execution_id = $executionId;";

    public const string DeleteExecution = "DELETE FROM executions WHERE instance_id = $instanceId AND execution_id = $executionId AND is_latest = 0;";

    public const string DeleteExecutionPendingEvents = "DELETE FROM pending_events WHERE instance_id = $instanceId AND execution_id = $executionId;";

    public const string DeleteInstancePendingEvents = "DELETE FROM pending_events WHERE instance_id = $instanceId;";

    // ---- activities ------------------------------------------------------------------------------------------

    public const string InsertActivity = """
        INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp, attributes, lock_token, locked_until)
        VALUES ($instanceId, $executionId, $eventId, $queue, $scheduleEventId, $timestamp, $attributes, $lockToken, $lockedUntil);
        """;

    // Activity tasks on the queues, free and past their retry delay, in schedule order. On one queue the claim index
    // (queue, id) gives that order, so the walk stops at the first rows that qualify; on several, SQLite reads every
    // row of those queues and sorts them (a temporary B-tree), so ActivityClaimCandidates picks the form by count.
    private const string OnQueues = "SELECT id FROM activities WHERE queue IN (SELECT value FROM json_each($queues))";

    private const string OnOneQueue = "SELECT id FROM activities WHERE queue = json_extract($queues, '$[0]')";

    private const string ClaimableActivity = """

          AND (lock_token IS NULL OR locked_until <= $now)
          AND (not_before IS NULL OR not_before <= $now)
        ORDER BY id
        """;

    public const string FindClaimableActivity = OnQueues + ClaimableActivity + " LIMIT 1;";

    public const string FindClaimableActivityOnOneQueue = OnOneQueue + ClaimableActivity + " LIMIT 1;";

    // A batch claim's candidates from one walk of the index, which steps over the leased rows once, not once per claim.
    public const string FindClaimableActivities = OnQueues + ClaimableActivity + " LIMIT $limit;";

    public const string FindClaimableActivitiesOnOneQueue = OnOneQueue + ClaimableActivity + " LIMIT $limit;";

    /// <summary>The look for a claimable activity task (<paramref name="batch"/>: the batch form, with <c>$limit</c>) on <paramref name="queues"/>.</summary>
    public static string ActivityClaimCandidates(IReadOnlyList<string> queues, bool batch) => (queues.Count == 1, batch) switch
    {
        (true, false) => FindClaimableActivityOnOneQueue,
        (true, true) => FindClaimableActivitiesOnOneQueue,
        (false, false) => FindClaimableActivity,
        (false, true) => FindClaimableActivities,
    };

    public const string ClaimActivity = """
        UPDATE activities SET lock_token = $lockToken, locked_until = $lockedUntil
        WHERE id = $id
          AND (lock_token IS NULL OR locked_until <= $now)
          AND (not_before IS NULL OR not_before <= $now)
        RETURNING instance_id, execution_id, event_id, queue, schedule_event_id, timestamp, attributes;
        """;

    public const string ExtendActivityLease = """
        UPDATE activities SET locked_until = $lockedUntil
        WHERE instance_id = $instanceId AND execution_id = $executionId AND event_id = $eventId AND lock_token = $lockToken;
        """;

    // The fence of an activity completion: 0 rows means another attempt holds (or completed) it.
    public const string DeleteHeldActivity = """
        DELETE FROM activities
        WHERE instance_id = $instanceId AND execution_id = $executionId AND event_id = $eventId AND lock_token = $lockToken;
        """;

    public const string ReleaseActivity = """
        UPDATE activities SET lock_token = NULL, locked_until = NULL, not_before = $notBefore
        WHERE instance_id = $instanceId AND execution_id = $executionId AND event_id = $eventId AND lock_token = $lockToken;
        """;

    public const string DeleteExecutionActivities = "DELETE FROM activities WHERE instance_id = $instanceId AND execution_id = $executionId;";

    public const string DeleteInstanceActivities = "DELETE FROM activities WHERE instance_id = $instanceId;";

    public const string CountActivitiesByQueue = "SELECT queue, COUNT(*) FROM activities GROUP BY queue;";

    public const string NextActivityTaskDue = """
        SELECT MIN(MAX(COALESCE(not_before, 0), CASE WHEN lock_token IS NULL THEN 0 ELSE locked_until END))
        FROM activities
        WHERE queue IN (SELECT value FROM json_each($queues));
        """;

    // ---- connection settings ---------------------------------------------------------------------------------

    public const string EnableWal = "PRAGMA journal_mode = WAL;";

    public const string ReadSynchronous = "PRAGMA synchronous;";

    public const string CheckpointRestart = "PRAGMA wal_checkpoint(RESTART);";

    public const string PageSize = "PRAGMA page_size;";

    public const string PageCount = "PRAGMA page_count;";

    public const string ReadCacheSize = "PRAGMA cache_size;";

    public const string CheckpointPassive = "PRAGMA wal_checkpoint(PASSIVE);";

    public const string BeginImmediate = "BEGIN IMMEDIATE;";

    public const string BeginDeferred = "BEGIN;";

    public const string Commit = "COMMIT;";

    // One write of a group commit: its own savepoint inside the shared transaction.
    public const string Savepoint = "SAVEPOINT write;";

    public const string ReleaseSavepoint = "RELEASE write;";

    public const string RollbackToSavepoint = "ROLLBACK TO write;";

    public const string Rollback = "ROLLBACK;";

    // Pragma values cannot be bound as parameters; these take only integers and an enum the backend controls.
    public static string ConnectionSettings(int busyTimeoutMs, SqliteSynchronousMode synchronous) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = {(synchronous == SqliteSynchronousMode.Normal ? "NORMAL" : "FULL")}; PRAGMA cache_size = -65536;");

    public static string SetCacheSize(int kibibytes) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{kibibytes};");

    public static string SetBusyTimeout(int busyTimeoutMs) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeoutMs};");

    public static string SetSynchronous(SqliteSynchronousMode synchronous)
        => synchronous == SqliteSynchronousMode.Normal ? "PRAGMA synchronous = NORMAL;" : "PRAGMA synchronous = FULL;";

    public static string WriterSettings(int walAutoCheckpointPages, long journalSizeLimitBytes) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"PRAGMA wal_autocheckpoint = {walAutoCheckpointPages}; PRAGMA journal_size_limit = {journalSizeLimitBytes}; PRAGMA temp_store = MEMORY;");
}
