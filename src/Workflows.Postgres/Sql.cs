using Workflows.Backends;

namespace Workflows.Postgres;

/// <summary>
/// Every statement the backend runs, named for intent. All values are bound as parameters; a list of queues is one
/// <c>text[]</c> parameter (<c>@queues</c>, tested with <c>= ANY</c>; one queue is <c>@queue</c>, see
/// <see cref="ForOneQueue"/>), so values never become SQL text. Statements whose text is the same on MySQL are in
/// <c>Workflows.Sql.Shared/ServerSql.cs</c>, the other half of this class; each section below names them.
/// </summary>
/// <remarks>
/// Write transactions touch tables in one order: executions, history, signal_requests, pending_events, activities.
/// Each method that writes names the tables it touches, in that order, in a comment at its top. The one exception is
/// the workflow-task claim, whose single <c>SKIP LOCKED</c> select locks a pending_events row and its executions row
/// together; it never waits for a lock, so it cannot close a deadlock cycle. Parameters that may be NULL carry a cast
/// where PostgreSQL could not otherwise infer their type.
/// </remarks>
internal static partial class Sql
{
    // The queue test; the statements shared with MySQL (ServerSql.cs) use it too.
    private const string QueueMatch = "= ANY(@queues)";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> s_oneQueue = new();

    /// <summary>
    /// The statement for a poll of one queue (the usual case): <c>queue = @queue</c> instead of <c>= ANY(@queues)</c>,
    /// so the activity claim walks the (queue, id) index in order and stops at the first free row; with several
    /// queues the planner has to merge them.
    /// </summary>
    public static string ForOneQueue(string sql) => s_oneQueue.GetOrAdd(sql, static s => s.Replace(QueueMatch, "= @queue", StringComparison.Ordinal));

    // ---- clock and transactions -------------------------------------------------------------------------------

    // In ServerSql.cs: Commit, Rollback.

    // now() is the start of the transaction: one instant of the database clock for every statement in it.
    public const string NowExpression = "now()";

    public const string SelectDatabaseNow = "SELECT " + NowExpression + ";";

    /// <summary>The clock read of a unit of work whose statements name the clock: now() needs no pin.</summary>
    public const string PinnedClockRead = SelectDatabaseNow;

    public const string BeginReadCommitted = "BEGIN ISOLATION LEVEL READ COMMITTED;";

    // Wakes the LISTEN connections of other processes when the transaction commits (never before, never if it rolls back).
    public const string Notify = "SELECT pg_notify(@channel, @payload);";

    public const string TryMigrationLock = "SELECT pg_try_advisory_lock(@key);";

    public const string ReleaseMigrationLock = "SELECT pg_advisory_unlock(@key);";

    // ---- schema journal -------------------------------------------------------------------------------------

    // In ServerSql.cs: SelectSchemaVersion.

    // A schema name cannot be a parameter; the backend accepts only names without double quotes, quoted here.
    public static string CreateSchema(string schema) => "CREATE SCHEMA IF NOT EXISTS \"" + schema + "\";";

    public const string SelectCurrentSchema = "SELECT current_schema();";

    public const string CountJournalTable = """
        SELECT COUNT(*) FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name = 'workflows_schema_journal';
        """;

    public const string CountUserTables = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema();";

    public const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS workflows_schema_journal (
            version    INT         NOT NULL PRIMARY KEY,
            script     TEXT        NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL
        );
        """;

    public const string InsertJournalEntry = "INSERT INTO workflows_schema_journal (version, script, applied_at) VALUES (@version, @script, now());";

    // ---- executions ------------------------------------------------------------------------------------------

    // In ServerSql.cs: StateColumns, SelectExecutionStatus, SelectExecutionStates, SelectRunningChildrenForUpdate, ResumeExecution,
    // CountPendingWorkflowTasksByQueue, DeleteExecutions, ClaimExecution, SelectExecutionClaimForUpdate, ClaimExecutionOf,
    // ExtendExecutionLease, SelectHeldTaskFailuresForUpdate, ReleaseExecutionWithError, ReleasePoisonedExecution,
    // TerminateExecution, SelectLockToken.

    // Shared locks on executions read inside write transactions: a concurrent commit that finishes the execution
    // waits for this transaction (or this one sees it finished), so no event lands on a finished execution.
    public const string SelectLatestExecutionShared = "SELECT id, execution_id, status FROM executions WHERE instance_id = @instanceId AND is_latest FOR SHARE;";

    public const string SelectLatestExecution = "SELECT id, execution_id, status FROM executions WHERE instance_id = @instanceId AND is_latest;";

    public const string SelectExecutionStatusShared = "SELECT status FROM executions WHERE instance_id = @instanceId AND execution_id = @executionId FOR SHARE;";

    public const string SelectActiveExecutionForUpdate = """
        SELECT execution_id, last_sequence_id, parent_instance_id, parent_execution_id, parent_schedule_event_id
        FROM executions WHERE instance_id = @instanceId AND status = 1 FOR UPDATE;
        """;

    public const string SelectActiveExecution = "SELECT execution_id FROM executions WHERE instance_id = @instanceId AND status = 1;";

    public const string ClearLatestExecution = "UPDATE executions SET is_latest = FALSE WHERE instance_id = @instanceId AND is_latest;";

    public const string InsertExecution = """
        INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at,
                                parent_instance_id, parent_execution_id, parent_schedule_event_id, metadata)
        VALUES (@instanceId, @executionId, TRUE, @workflowName, @queue, 1, @now,
                @parentInstanceId, @parentExecutionId, @parentScheduleEventId, @metadata);
        """;

    public const string SelectInstanceState = "SELECT " + StateColumns + " FROM executions WHERE instance_id = @instanceId AND is_latest;";

    // The list names only the filters it was given (Workflows.Sql.Shared/InstanceListSql.cs); PostgreSQL takes no
    // index hints, and with the filters visible its planner picks the partial index of the filter.
    public static readonly ListDialect List = new(
        StateColumns,
        _ => "executions",
        "is_latest",
        "left(instance_id, length({0})) = {0}",
        '@',
        time => time.UtcDateTime);

    /// <summary>One page of the instance list: ids below <paramref name="before"/>, at most <paramref name="limit"/> rows.</summary>
    public static (string Sql, (string Name, object? Value)[] Parameters) ListInstances(InstanceQuery query, long before, int limit)
        => InstanceListSql.Build(query, before, limit, List);

    public const string CountActiveInstances = "SELECT COUNT(*) FROM executions WHERE status = 1;";

    public const string CountInstancesByStatus = "SELECT status::text, COUNT(*) FROM executions WHERE is_latest GROUP BY status;";

    public const string CountInstancesByWorkflowName = "SELECT workflow_name, COUNT(*) FROM executions WHERE is_latest GROUP BY workflow_name;";

    public const string SelectFinishedInstancesForUpdate = """
        SELECT instance_id FROM executions
        WHERE is_latest AND status <> 1 AND completed_at < @finishedBefore
        ORDER BY completed_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED;
        """;

    // The oldest ready pending event (by the time it became ready, then arrival) whose execution is running, on the
    // queues, free (never leased, released, or its lease lapsed) and past its retry delay; both rows are locked, and
    // rows another transaction holds are skipped, so concurrent claimers never wait for each other or take the same
    // execution. The walk follows the (ready_at, id) index and stops at the first match, so executions waiting on
    // future timers cost nothing.
    public const string ClaimableExecutionForUpdate = """
        SELECT e.id, e.instance_id, e.execution_id, e.workflow_name, e.queue, e.last_sequence_id, e.metadata, e.task_failures
        FROM pending_events p
        INNER JOIN executions e ON e.instance_id = p.instance_id AND e.execution_id = p.execution_id
        WHERE p.ready_at <= @now
          AND e.status = 1
          AND e.queue = ANY(@queues)
          AND (e.lock_token IS NULL OR e.locked_until <= @now)
          AND (e.not_before IS NULL OR e.not_before <= @now)
        ORDER BY p.ready_at, p.id
        LIMIT 1
        FOR UPDATE SKIP LOCKED;
        """;

    // The same conditions without locks: a cheap look before a claim, and the wake-up test of an idle poller.
    public const string AnyClaimableExecution = """
        SELECT e.id
        FROM pending_events p
        INNER JOIN executions e ON e.instance_id = p.instance_id AND e.execution_id = p.execution_id
        WHERE p.ready_at <= @now
          AND e.status = 1
          AND e.queue = ANY(@queues)
          AND (e.lock_token IS NULL OR e.locked_until <= @now)
          AND (e.not_before IS NULL OR e.not_before <= @now)
        LIMIT 1;
        """;

    // The fence of a workflow-task commit: exactly one row, or the lease was lost and nothing may be written.
    public const string CommitExecution = """
        UPDATE executions
           SET status = @status, last_sequence_id = @lastSequenceId, result = @result::text, error = @error::text,
               completed_at = @completedAt::timestamptz, lock_token = NULL, locked_by = NULL, locked_until = NULL, not_before = NULL,
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
           SET status = @status, last_sequence_id = @lastSequenceId, result = @result::text, error = @error::text,
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
    // has pending events. Null when there is nothing to wait for. (GREATEST skips NULLs in PostgreSQL, hence the
    // explicit test for pending events.)
    public const string NextWorkflowTaskDue = """
        SELECT MIN(due) FROM (
            SELECT MIN(ready_at) AS due FROM pending_events WHERE ready_at > @now
            UNION ALL
            SELECT MIN(GREATEST(e.locked_until, e.not_before, f.first_ready))
            FROM executions e
            CROSS JOIN LATERAL (SELECT MIN(p.ready_at) AS first_ready FROM pending_events p
                                WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id) f
            WHERE e.status = 1 AND e.queue = ANY(@queues) AND f.first_ready IS NOT NULL
              AND ((e.lock_token IS NOT NULL AND e.locked_until > @now) OR e.not_before > @now)
        ) d;
        """;

    // ---- history ---------------------------------------------------------------------------------------------

    // In ServerSql.cs: SelectHistory, CountHistoryEvent, DeleteHistory, DeleteExecutionHistory.

    public const string InsertHistoryEvent = """
        INSERT INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, attributes)
        VALUES (@instanceId, @executionId, @sequenceId, @eventId, @eventType, @scheduleEventId, @timestamp, @visibleAt::bigint, @attributes);
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
            "(@instanceId, @executionId, @sequenceId{0}, @eventId{0}, @eventType{0}, @scheduleEventId{0}, @timestamp{0}, @visibleAt{0}::bigint, @attributes{0})",
            i)))
        + ";");

    // ---- signal requests -------------------------------------------------------------------------------------

    // In ServerSql.cs: SelectSignalRequest, DeleteSignalRequests.

    public const string InsertSignalRequest = "INSERT INTO signal_requests (instance_id, request_id) VALUES (@instanceId, @requestId) ON CONFLICT DO NOTHING;";

    // ---- pending events --------------------------------------------------------------------------------------

    // In ServerSql.cs: CountPendingEvent, DeletePendingEvent.

    public const string InsertPendingEvent = """
        INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, ready_at, attributes)
        VALUES (@instanceId, @executionId, @eventId, @eventType, @scheduleEventId, @timestamp, @visibleAt::bigint, COALESCE(@readyAt::timestamptz, @now), @attributes);
        """;

    public const string SelectVisiblePendingEvents = """
        SELECT event_id, 0::bigint, timestamp_ticks, schedule_event_id, attributes, visible_at_ticks
        FROM pending_events
        WHERE instance_id = @instanceId AND execution_id = @executionId AND ready_at <= @now
        ORDER BY id;
        """;

    public const string DeletePendingTimer = """
        DELETE FROM pending_events
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_type = @timerFiredType AND schedule_event_id = @scheduleEventId;
        """;

    // Continue-as-new: copies the signals the old execution had not consumed to the new one as new arrivals (after
    // its start event), in their arrival order; the originals go with the rest of the finished execution's events.
    public const string CarryPendingSignals = """
        INSERT INTO pending_events (instance_id, execution_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, ready_at, attributes)
        SELECT instance_id, @newExecutionId, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, @now, attributes
        FROM pending_events
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_type = @signalType
        ORDER BY id;
        """;

    public const string DeleteExecution = "DELETE FROM executions WHERE instance_id = @instanceId AND execution_id = @executionId AND NOT is_latest;";

    // PostgreSQL locks only the rows a DELETE removes (no gap or next-key locks), so deletes by a prefix of a unique
    // key cannot lock another instance's rows.
    public const string DeleteExecutionPendingEvents = "DELETE FROM pending_events WHERE instance_id = @instanceId AND execution_id = @executionId;";

    public const string DeleteInstancePendingEvents = "DELETE FROM pending_events WHERE instance_id = @instanceId;";

    // ---- activities ------------------------------------------------------------------------------------------

    // In ServerSql.cs: ClaimableActivityForUpdate, AnyClaimableActivity, ClaimActivity, ExtendActivityLease, DeleteHeldActivity,
    // SelectHeldActivityForUpdate, CountHeldActivity, ReleaseActivity, CountActivitiesByQueue.

    // A row inserted with a lock token is claimed by the committing worker (eager dispatch); NULLs leave it free.
    public const string InsertActivity = """
        INSERT INTO activities (instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes, lock_token, locked_by, locked_until)
        VALUES (@instanceId, @executionId, @eventId, @queue, @scheduleEventId, @timestamp, @attributes, @lockToken::text, @worker::text, @lockedUntil::timestamptz);
        """;

    public const string DeleteExecutionActivities = "DELETE FROM activities WHERE instance_id = @instanceId AND execution_id = @executionId;";

    public const string DeleteInstanceActivities = "DELETE FROM activities WHERE instance_id = @instanceId;";

    public const string NextActivityTaskDue = """
        SELECT MIN(GREATEST(not_before, locked_until))
        FROM activities
        WHERE queue = ANY(@queues) AND (not_before > @now OR locked_until > @now);
        """;
}
