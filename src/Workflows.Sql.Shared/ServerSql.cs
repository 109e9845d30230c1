// Compiled into both server backends, like ServerBackend.WorkflowTasks.cs: the statements whose text is the same on
// MySQL and PostgreSQL, so a change to a fence or a claim condition is made once. Each backend's own Sql.cs holds the
// rest (and names, section by section, what is here); it also defines QueueMatch, the one piece that differs:
// MySQL's "IN ({queues})" placeholder, PostgreSQL's "= ANY(@queues)" array parameter.
#if WORKFLOWS_MYSQL
namespace Workflows.MySql;
#else
namespace Workflows.Postgres;
#endif

internal static partial class Sql
{
    // ---- clock and transactions -------------------------------------------------------------------------------

    public const string Commit = "COMMIT;";

    public const string Rollback = "ROLLBACK;";

    // ---- schema journal -------------------------------------------------------------------------------------

    public const string SelectSchemaVersion = "SELECT COALESCE(MAX(version), 0) FROM workflows_schema_journal;";

    // ---- executions ------------------------------------------------------------------------------------------

    // The columns ServerRows reads an instance's state from, in its order.
    private const string StateColumns = """
        instance_id, execution_id, workflow_name, queue, status, created_at, completed_at, result, error,
        parent_instance_id, parent_execution_id, parent_schedule_event_id, last_task_error, metadata, id
        """;

    public const string SelectExecutionStatus = "SELECT status FROM executions WHERE instance_id = @instanceId AND execution_id = @executionId;";

    public const string SelectExecutionStates = "SELECT " + StateColumns + " FROM executions WHERE instance_id = @instanceId ORDER BY id DESC;";

    public const string SelectRunningChildrenForUpdate = """
        SELECT instance_id, execution_id, last_sequence_id, parent_instance_id, parent_execution_id, parent_schedule_event_id
        FROM executions
        WHERE parent_instance_id = @instanceId AND parent_execution_id = @executionId AND status = 1
        FOR UPDATE;
        """;

    // Fenced on the running execution the caller just read: exactly one row, or the instance changed underneath.
    public const string ResumeExecution = """
        UPDATE executions SET not_before = NULL, task_failures = 0
        WHERE instance_id = @instanceId AND execution_id = @executionId AND status = 1;
        """;

    public const string CountPendingWorkflowTasksByQueue = """
        SELECT e.queue, COUNT(*) FROM executions e
        WHERE e.status = 1
          AND EXISTS (SELECT 1 FROM pending_events p
                      WHERE p.instance_id = e.instance_id AND p.execution_id = e.execution_id AND p.ready_at <= @now)
        GROUP BY e.queue;
        """;

    public const string DeleteExecutions = "DELETE FROM executions WHERE instance_id = @instanceId;";

    public const string ClaimExecution = """
        UPDATE executions SET lock_token = @lockToken, locked_by = @worker, locked_until = @lockedUntil
        WHERE id = @id;
        """;

    // Eager dispatch after an activity completion: the one execution, locked exclusively before anything else is
    // written, with the claim conditions of ClaimableExecutionForUpdate evaluated on the database clock.
    public const string SelectExecutionClaimForUpdate = """
        SELECT id, status, workflow_name, queue, last_sequence_id, metadata,
               (lock_token IS NULL OR locked_until <= @now) AND (not_before IS NULL OR not_before <= @now) AS claimable
        FROM executions
        WHERE instance_id = @instanceId AND execution_id = @executionId
        FOR UPDATE;
        """;

    public const string ClaimExecutionOf = """
        UPDATE executions SET lock_token = @lockToken, locked_by = @worker, locked_until = @lockedUntil
        WHERE id = @id AND status = 1
          AND (lock_token IS NULL OR locked_until <= @now)
          AND (not_before IS NULL OR not_before <= @now);
        """;

    // Fenced renewal. Every fenced UPDATE is counted by the rows it matched, changed or not: PostgreSQL always counts
    // so, MySQL because the backend connects with UseAffectedRows=false.
    public const string ExtendExecutionLease = """
        UPDATE executions SET locked_until = @lockedUntil
        WHERE instance_id = @instanceId AND execution_id = @executionId AND lock_token = @lockToken AND status = 1;
        """;

    public const string SelectHeldTaskFailuresForUpdate = """
        SELECT task_failures FROM executions
        WHERE instance_id = @instanceId AND execution_id = @executionId AND lock_token = @lockToken
        FOR UPDATE;
        """;

    public const string ReleaseExecutionWithError = """
        UPDATE executions
           SET lock_token = NULL, locked_by = NULL, locked_until = NULL, last_task_error = @error, not_before = @notBefore,
               task_failures = task_failures + 1
         WHERE instance_id = @instanceId AND execution_id = @executionId AND lock_token = @lockToken;
        """;

    public const string ReleasePoisonedExecution = """
        UPDATE executions
           SET lock_token = NULL, locked_by = NULL, locked_until = NULL, last_task_error = @error, not_before = @notBefore,
               task_failures = task_failures + 1
         WHERE id = @id AND lock_token = @lockToken;
        """;

    public const string TerminateExecution = """
        UPDATE executions
           SET status = @status, last_sequence_id = last_sequence_id + 1, error = @error, completed_at = @now,
               lock_token = NULL, locked_by = NULL, locked_until = NULL, not_before = NULL
         WHERE instance_id = @instanceId AND execution_id = @executionId AND status = 1;
        """;

    public const string SelectLockToken = "SELECT lock_token FROM executions WHERE instance_id = @instanceId AND execution_id = @executionId;";

    // ---- history ---------------------------------------------------------------------------------------------

    public const string SelectHistory = """
        SELECT event_id, sequence_id, timestamp_ticks, schedule_event_id, attributes, visible_at_ticks
        FROM history
        WHERE instance_id = @instanceId AND execution_id = @executionId AND sequence_id > @afterSequenceId
        ORDER BY sequence_id
        LIMIT @limit;
        """;

    public const string CountHistoryEvent = "SELECT COUNT(*) FROM history WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId;";

    public const string DeleteHistory = "DELETE FROM history WHERE instance_id = @instanceId;";

    public const string DeleteExecutionHistory = "DELETE FROM history WHERE instance_id = @instanceId AND execution_id = @executionId;";

    // ---- signal requests -------------------------------------------------------------------------------------

    public const string SelectSignalRequest = "SELECT 1 FROM signal_requests WHERE instance_id = @instanceId AND request_id = @requestId;";

    public const string DeleteSignalRequests = "DELETE FROM signal_requests WHERE instance_id = @instanceId;";

    // ---- pending events --------------------------------------------------------------------------------------

    public const string CountPendingEvent = "SELECT COUNT(*) FROM pending_events WHERE instance_id = @instanceId AND event_id = @eventId;";

    public const string DeletePendingEvent = "DELETE FROM pending_events WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId;";

    // ---- activities ------------------------------------------------------------------------------------------

    // Oldest first on the (queue, id) index; rows another claimer holds are skipped.
    public const string ClaimableActivityForUpdate = $"""
        SELECT id, instance_id, execution_id, event_id, queue, schedule_event_id, timestamp_ticks, attributes
        FROM activities
        WHERE queue {QueueMatch}
          AND (lock_token IS NULL OR locked_until <= @now)
          AND (not_before IS NULL OR not_before <= @now)
        ORDER BY id
        LIMIT 1
        FOR UPDATE SKIP LOCKED;
        """;

    public const string AnyClaimableActivity = $"""
        SELECT id FROM activities
        WHERE queue {QueueMatch}
          AND (lock_token IS NULL OR locked_until <= @now)
          AND (not_before IS NULL OR not_before <= @now)
        LIMIT 1;
        """;

    public const string ClaimActivity = """
        UPDATE activities SET lock_token = @lockToken, locked_by = @worker, locked_until = @lockedUntil
        WHERE id = @id;
        """;

    public const string ExtendActivityLease = """
        UPDATE activities SET locked_until = @lockedUntil
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId AND lock_token = @lockToken;
        """;

    // The fence of an activity completion: 0 rows means another attempt holds (or completed) it.
    public const string DeleteHeldActivity = """
        DELETE FROM activities
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId AND lock_token = @lockToken;
        """;

    // A fused step's fence, taken as a lock: the row held by this token, locked until the step deletes it (with its
    // COMMIT) or rolls back. A lease taken over meanwhile changed the token, so the row no longer matches.
    public const string SelectHeldActivityForUpdate = """
        SELECT 1 FROM activities
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId AND lock_token = @lockToken
        FOR UPDATE;
        """;

    public const string CountHeldActivity = """
        SELECT COUNT(*) FROM activities
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId AND lock_token = @lockToken;
        """;

    public const string ReleaseActivity = """
        UPDATE activities SET lock_token = NULL, locked_by = NULL, locked_until = NULL, not_before = @notBefore
        WHERE instance_id = @instanceId AND execution_id = @executionId AND event_id = @eventId AND lock_token = @lockToken;
        """;

    public const string CountActivitiesByQueue = "SELECT queue, COUNT(*) FROM activities GROUP BY queue;";
}
