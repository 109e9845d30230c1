using Workflows.Backends;

namespace Workflows.MySql;

/// <summary>
/// Every statement the backend runs, named for intent. All values are bound as parameters. Statements that take a
/// list of queues carry a <see cref="QueueList"/> placeholder that <see cref="WithQueues"/> replaces with one
/// parameter per queue (<c>@q0, @q1, ...</c>), so values never become SQL text. Statements whose text is the same
/// on PostgreSQL are in <c>Workflows.Sql.Shared/ServerSql.cs</c>, the other half of this class; each section below
/// names them.
/// </summary>
/// <remarks>
/// Only syntax that both MySQL 8 and MariaDB 10.6+ accept: <c>FOR UPDATE SKIP LOCKED</c> (no <c>OF t</c>),
/// <c>LOCK IN SHARE MODE</c>, <c>STRAIGHT_JOIN</c>, <c>GREATEST</c>. Write transactions touch tables in one order:
/// executions, history, signal_requests, pending_events, activities. Each method that writes names the tables it
/// touches, in that order, in a comment at its top. The one exception is the workflow-task claim, whose single
/// <c>SKIP LOCKED</c> select locks a pending_events row and its executions row together; it never waits for a lock,
/// so it cannot close a deadlock cycle.
/// </remarks>
internal static partial class Sql
{
    public const string QueueList = "{queues}";

    // The queue test of the statements shared with PostgreSQL (ServerSql.cs).
    private const string QueueMatch = "IN (" + QueueList + ")";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), string> s_expanded = new();

    /// <summary>The statement with its queue placeholder expanded to <paramref name="count"/> parameters.</summary>
    public static string WithQueues(string sql, int count) => s_expanded.GetOrAdd((sql, count), static key =>
        key.Item1.Replace(QueueList, key.Item2 == 0 ? "NULL" : string.Join(", ", Enumerable.Range(0, key.Item2).Select(i => "@q" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))), StringComparison.Ordinal));

    // ---- clock and locks --------------------------------------------------------------------------------------

    // In ServerSql.cs: Commit, Rollback.

    // A fused step's first batch pins the session's clock as it reads it (SET timestamp, PinnedClockRead), so that
    // UTC_TIMESTAMP(6) is one instant in every statement after it: its statements name the clock (NowExpression)
    // instead of binding the value read. Every read of the clock releases a pin first, so none outlives its unit of
    // work; the release is a statement of its own, as a pinned session reads its pin back as @@timestamp, also within
    // the statement that sets it to DEFAULT.
    public const string UnpinClock = "SET timestamp = DEFAULT;";

    public const string PinClock = "SET timestamp = @@timestamp;";

    public const string NowExpression = "UTC_TIMESTAMP(6)";

    public const string SelectDatabaseNow = UnpinClock + " SELECT " + NowExpression + ";";

    /// <summary>The clock read of a unit of work whose statements name the clock: the pin released, the pin, the value.</summary>
    public const string PinnedClockRead = UnpinClock + " " + PinClock + " SELECT " + NowExpression + ";";

    // SET TRANSACTION (without SESSION) applies to the next transaction only, so the session keeps no lasting state.
    // The leading ROLLBACK is a no-op on a clean session; on a pooled session whose earlier rollback failed it
    // discards that transaction's writes, which START TRANSACTION would otherwise commit implicitly.
    public const string BeginReadCommitted = "ROLLBACK; SET TRANSACTION ISOLATION LEVEL READ COMMITTED; START TRANSACTION;";

    public const string AcquireMigrationLock = "SELECT GET_LOCK(@name, @timeoutSeconds);";

    public const string ReleaseMigrationLock = "SELECT RELEASE_LOCK(@name);";

    // ---- schema journal -------------------------------------------------------------------------------------

    // In ServerSql.cs: SelectSchemaVersion.

    // A schema name cannot be a parameter; the backend accepts only names without backticks, quoted here.
    public static string CreateDatabase(string schema) => "CREATE DATABASE IF NOT EXISTS `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;";

    public const string CountJournalTable = """
        SELECT COUNT(*) FROM information_schema.tables
        WHERE table_schema = DATABASE() AND table_name = 'workflows_schema_journal';
        """;

    public const string CountUserTables = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE();";

    public const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS workflows_schema_journal (
            version    INT          NOT NULL PRIMARY KEY,
            script     VARCHAR(255) NOT NULL,
            applied_at DATETIME(6)  NOT NULL
        ) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;
        """;

    public const string InsertJournalEntry = "INSERT INTO workflows_schema_journal (version, script, applied_at) VALUES (@version, @script, UTC_TIMESTAMP(6));";

    // ---- executions ------------------------------------------------------------------------------------------

    // In ServerSql.cs: StateColumns, SelectExecutionStatus, SelectExecutionStates, SelectRunningChildrenForUpdate, ResumeExecution,
    // CountPendingWorkflowTasksByQueue, DeleteExecutions, ClaimExecution, SelectExecutionClaimForUpdate, ClaimExecutionOf,
    // ExtendExecutionLease, SelectHeldTaskFailuresForUpdate, ReleaseExecutionWithError, ReleasePoisonedExecution,
    // TerminateExecution, SelectLockToken.

    // Shared locks on executions read inside write transactions: a concurrent commit that finishes the execution
    // waits for this transaction (or this one sees it finished), so no event lands on a finished execution.
    public const string SelectLatestExecutionShared = "SELECT id, execution_id, status FROM executions WHERE latest_instance_id = @instanceId LOCK IN SHARE MODE;";

    public const string SelectLatestExecution = "SELECT id, execution_id, status FROM executions WHERE latest_instance_id = @instanceId;";

    public const string SelectExecutionStatusShared = "SELECT status FROM executions WHERE instance_id = @instanceId AND execution_id = @executionId LOCK IN SHARE MODE;";

    public const string SelectActiveExecutionForUpdate = """
        SELECT execution_id, last_sequence_id, parent_instance_id, parent_execution_id, parent_schedule_event_id
        FROM executions WHERE running_instance_id = @instanceId FOR UPDATE;
        """;

    // The plain read that confirms an empty locking read; MySQL never needs one (MySqlBackend.LockingReadsMissNewRows).
    public const string SelectActiveExecution = "SELECT execution_id FROM executions WHERE running_instance_id = @instanceId;";

    public const string ClearLatestExecution = "UPDATE executions SET is_latest = 0 WHERE latest_instance_id = @instanceId;";

    public const string InsertExecution = """
        INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at,
                                parent_instance_id, parent_execution_id, parent_schedule_event_id, metadata)
        VALUES (@instanceId, @executionId, 1, @workflowName, @queue, 1, @now,
                @parentInstanceId, @parentExecutionId, @parentScheduleEventId, @metadata);
        """;

    public const string SelectInstanceState = "SELECT " + StateColumns + " FROM executions WHERE latest_instance_id = @instanceId;";

    // The list names only the filters it was given (Workflows.Sql.Shared/InstanceListSql.cs) and the index for them,
    // so the plan does not rest on the optimizer's statistics (as on SQLite, with INDEXED BY). The newest-first walk
    // is the table itself (InnoDB keeps rows in id order): through a secondary (is_latest, id) index every row is
    // looked up by key for the other filters, and a prefix walk over 500,000 instances took 8-9 s instead of 3.5-3.9.
    public static readonly ListDialect List = new(
        StateColumns,
        index => "executions FORCE INDEX (" + (index == InstanceListSql.Newest ? "PRIMARY" : index) + ")",
        "is_latest = 1",
        "LEFT(instance_id, CHAR_LENGTH({0})) = {0}",
        '@',
        time => time.UtcDateTime);

    /// <summary>One page of the instance list: ids below <paramref name="before"/>, at most <paramref name="limit"/> rows.</summary>
    public static (string Sql, (string Name, object? Value)[] Parameters) ListInstances(InstanceQuery query, long before, int limit)
        => InstanceListSql.Build(query, before, limit, List);

    // By the generated column of ux_executions_running, which holds an entry for running executions only: a range of
    // that index instead of a scan of every execution for status = 1.
    public const string CountActiveInstances = "SELECT COUNT(*) FROM executions WHERE running_instance_id IS NOT NULL;";

    public const string CountInstancesByStatus = "SELECT CAST(status AS CHAR), COUNT(*) FROM executions WHERE is_latest = 1 GROUP BY status;";

    public const string CountInstancesByWorkflowName = "SELECT workflow_name, COUNT(*) FROM executions WHERE is_latest = 1 GROUP BY workflow_name;";

    public const string SelectFinishedInstancesForUpdate = """
        SELECT instance_id FROM executions
        WHERE is_latest = 1 AND status <> 1 AND completed_at < @finishedBefore
        ORDER BY completed_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED;
        """;

    // The oldest ready pending event (by the time it became ready, then arrival) whose execution is running, on the
    // queues, free (never leased, released, or its lease lapsed) and past its retry delay; both rows are locked, and
    // rows another transaction holds are skipped, so concurrent claimers never wait for each other or take the same
    // execution. STRAIGHT_JOIN keeps the walk on the ready_at index, so executions waiting on future timers cost
    // nothing.
    public const string ClaimableExecutionForUpdate = """
        SELECT STRAIGHT_JOIN e.id, e.instance_id, e.execution_id, e.workflow_name, e.queue, e.last_sequence_id, e.metadata, e.task_failures
        FROM pending_events p
        INNER JOIN executions e ON e.instance_id = p.instance_id AND e.execution_id = p.execution_id
        WHERE p.ready_at <= @now
          AND e.status = 1
          AND e.queue IN ({queues})
          AND (e.lock_token IS NULL OR e.locked_until <= @now)
          AND (e.not_before IS NULL OR e.not_before <= @now)
        ORDER BY p.ready_at, p.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED;
        """;

    // The same conditions without locks: a cheap look before a claim, and the wake-up test of an idle poller.
    public const string AnyClaimableExecution = """
        SELECT STRAIGHT_JOIN e.id
        FROM pending_events p
        INNER JOIN executions e ON e.instance_id = p.instance_id AND e.execution_id = p.execution_id
        WHERE p.ready_at <= @now
          AND e.status = 1
          AND e.queue IN ({queues})
          AND (e.lock_token IS NULL OR e.locked_until <= @now)
          AND (e.not_before IS NULL OR e.not_before <= @now)
        LIMIT 1;
        """;

    // The fence of a workflow-task commit: exactly one row, or the lease was lost and nothing may be written.
    public const string CommitExecution = """
        UPDATE executions
           SET status = @status, last_sequence_id = @lastSequenceId, result = @result, error = @error,
               completed_at = @completedAt, lock_token = NULL, locked_by = NULL, locked_until = NULL, not_before = NULL,
               last_task_error = NULL, task_failures = 0
         WHERE instance_id = @instanceId AND execution_id = @executionId AND lock_token = @lockToken
           AND status = 1 AND last_sequence_id = @expectedLastSequenceId;
        """;

    // A fused step's commit (an activity result committed with the workflow task it wakes), sent in one batch after
    // the row's lock: it applies only while the execution is claimable, at the expected sequence id and without a
    // visible pending event. Under READ COMMITTED the subquery reads what was committed when this statement started,
    // after the lock was granted (InnoDB reads it without locking).
    public const string CommitClaimableExecution = """
        UPDATE executions
           SET status = @status, last_sequence_id = @lastSequenceId, result = @result, error = @error,
               completed_at = CASE WHEN @finished THEN @now END, lock_token = NULL, locked_by = NULL, locked_until = NULL, not_before = NULL,
               last_task_error = NULL, task_failures = 0
         WHERE instance_id = @instanceId AND execution_id = @executionId
           AND status = 1 AND last_sequence_id = @expectedLastSequenceId
           AND (lock_token IS NULL OR locked_until <= @now)
           AND (not_before IS NULL OR not_before <= @now)
           AND NOT EXISTS (SELECT 1 FROM pending_events p
                            WHERE p.instance_id = @instanceId AND p.execution_id = @executionId AND p.ready_at <= @now);
        """;

    // The earliest time a workflow task may become claimable when none is now: the next future event (a timer; any
    // queue, which at worst wakes a poller once too early), or the end of a lease or retry delay of an execution that
    // has pending events. Null when there is nothing to wait for.
    public const string NextWorkflowTaskDue = """
        SELECT MIN(due) FROM (
            SELECT MIN(ready_at) AS due FROM pending_events WHERE ready_at > @now
            UNION ALL
            SELECT MIN(GREATEST(e.locked_until, COALESCE(e.not_before, e.locked_until),
                                (SELECT MIN(p.ready_at) FROM pending_events p WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id)))
            FROM executions e
            WHERE e.locked_until > @now AND e.lock_token IS NOT NULL AND e.status = 1 AND e.queue IN ({queues})
            UNION ALL
            SELECT MIN(GREATEST(e.not_before, COALESCE(e.locked_until, e.not_before),
                                (SELECT MIN(p.ready_at) FROM pending_events p WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id)))
            FROM executions e
            WHERE e.not_before > @now AND e.status = 1 AND e.queue IN ({queues})
        ) d;
        """;

    // ---- history ---------------------------------------------------------------------------------------------

    // In ServerSql.cs: SelectHistory, CountHistoryEvent, DeleteHistory, DeleteExecutionHistory.

    public const string InsertHistoryEvent = """
        INSERT INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, attributes)
        VALUES (@instanceId, @executionId, @sequenceId, @eventId, @eventType, @scheduleEventId, @timestamp, @visibleAt, @attributes);
        """;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> s_insertHistory = new();

    /// <summary>
    /// One INSERT for <paramref name="count"/> events of one execution (a commit's whole batch in one round trip):
    /// row i binds <c>@sequenceId{i}</c>, <c>@eventId{i}</c>, and so on; all rows share <c>@instanceId</c> and
    /// <c>@executionId</c>. A duplicate key rejects the whole statement, as it would each single insert.
    /// </summary>
    public static string InsertHistoryEvents(int count) => s_insertHistory.GetOrAdd(count, static n =>
        "INSERT INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, attributes) VALUES "
        + string.Join(", ", Enumerable.Range(0, n).Select(i => string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "(@instanceId, @executionId, @sequenceId{0}, @eventId{0}, @eventType{0}, @scheduleEventId{0}, @timestamp{0}, @visibleAt{0}, @attributes{0})",
            i)))
        + ";");

    // ---- signal requests -------------------------------------------------------------------------------------

    // In ServerSql.cs: SelectSignalRequest, DeleteSignalRequests.

    public const string InsertSignalRequest = "INSERT IGNORE INTO signal_requests (instance_id, request_id) VALUES (@instanceId, @requestId);";

    // ---- pending events --------------------------------------------------------------------------------------

    // In ServerSql.cs: CountPendingEvent, DeletePendingEvent.

    public const string InsertPendingEvent = """
        INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, ready_at, attributes)
        VALUES (@instanceId, @executionId, @eventId, @eventType, @scheduleEventId, @timestamp, @visibleAt, COALESCE(@readyAt, @now), @attributes);
        """;

    public const string SelectVisiblePendingEvents = """
        SELECT event_id, 0, timestamp_ticks, schedule_event_id, attributes, visible_at_ticks
        FROM pending_events
        WHERE instance_id = @instanceId AND execution_id = @executionId AND ready_at <= @now
        ORDER BY id;
        """;

    public const string DeletePendingTimer = """
        DELETE p FROM pending_events p FORCE INDEX (ux_pending_events_event)
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_type = @timerFiredType AND schedule_event_id = @scheduleEventId;
        """;

    // Continue-as-new: copies the signals the old execution had not consumed to the new one as new arrivals (after
    // its start event), in their arrival order; the originals go with the rest of the finished execution's events.
    public const string CarryPendingSignals = """
        INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, ready_at, attributes)
        SELECT instance_id, @newExecutionId, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, @now, attributes
        FROM pending_events FORCE INDEX (ux_pending_events_event)
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_type = @signalType
        ORDER BY id;
        """;

    public const string DeleteExecution = "DELETE FROM executions WHERE instance_id = @instanceId AND execution_id = @executionId AND is_latest = 0;";

    // Deletes by a prefix of a unique key go through the key as equality lookups ("ref"), forced because the
    // optimizer otherwise picks a range scan (or, on young tables, a table scan). Under READ COMMITTED a range scan
    // still locks the first row past its end, which belongs to another instance: two workflows finishing at once
    // then wait for each other's rows and deadlock. Index hints need the multi-table form of DELETE.
    // (DeleteExecutionHistory, in ServerSql.cs, deletes by a prefix of history's primary key and names no index.)
    public const string DeleteExecutionPendingEvents = "DELETE p FROM pending_events p FORCE INDEX (ux_pending_events_event) WHERE instance_id = @instanceId AND execution_id = @executionId;";

    public const string DeleteInstancePendingEvents = "DELETE p FROM pending_events p FORCE INDEX (ux_pending_events_event) WHERE instance_id = @instanceId;";

    // ---- activities ------------------------------------------------------------------------------------------

    // In ServerSql.cs: ClaimableActivityForUpdate, AnyClaimableActivity, ClaimActivity, ExtendActivityLease, DeleteHeldActivity,
    // SelectHeldActivityForUpdate, CountHeldActivity, ReleaseActivity, CountActivitiesByQueue.

    // A row inserted with a lock token is claimed by the committing worker (eager dispatch); NULLs leave it free.
    public const string InsertActivity = """
        INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes, lock_token, locked_by, locked_until)
        VALUES (@instanceId, @executionId, @eventId, @queue, @scheduleEventId, @timestamp, @attributes, @lockToken, @worker, @lockedUntil);
        """;

    // Forced to the key for the reason given at DeleteExecutionPendingEvents.
    public const string DeleteExecutionActivities = "DELETE a FROM activities a FORCE INDEX (ux_activities_event) WHERE instance_id = @instanceId AND execution_id = @executionId;";

    public const string DeleteInstanceActivities = "DELETE a FROM activities a FORCE INDEX (ux_activities_event) WHERE instance_id = @instanceId;";

    public const string NextActivityTaskDue = """
        SELECT MIN(GREATEST(COALESCE(not_before, locked_until), COALESCE(locked_until, not_before)))
        FROM activities
        WHERE queue IN ({queues}) AND (not_before > @now OR locked_until > @now);
        """;
}
