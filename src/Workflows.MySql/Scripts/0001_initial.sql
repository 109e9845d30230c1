-- Workflows MySQL/MariaDB schema, version 1. Published scripts are never edited; changes go in a new numbered script.
-- Every statement is idempotent (IF NOT EXISTS), because DDL commits implicitly and a migration that died halfway
-- is simply run again under the migration lock.
--
-- Character set utf8mb4 with the binary collation everywhere: ids, queues and names compare byte for byte, so
-- 'order-1' and 'Order-1' are different instances.
-- Lease and visibility times (created_at, completed_at, locked_until, not_before, ready_at) are DATETIME(6) on the
-- database clock (UTC_TIMESTAMP(6)). Event timestamps are stored as UTC ticks (*_ticks) so events round-trip exactly.

-- One row per execution. Only the latest execution of an instance id has is_latest = 1 and at most one execution
-- per instance id is running (status 1): both are enforced by unique keys on generated columns that are NULL
-- otherwise (MySQL has no partial indexes; unique keys allow many NULLs).
CREATE TABLE IF NOT EXISTS executions (
    id                       BIGINT       NOT NULL AUTO_INCREMENT, -- creation order: lists newest first
    instance_id              VARCHAR(255) NOT NULL,
    execution_id             VARCHAR(64)  NOT NULL,
    is_latest                TINYINT      NOT NULL,
    workflow_name            VARCHAR(255) NOT NULL,
    queue                    VARCHAR(255) NOT NULL,
    status                   INT          NOT NULL,
    created_at               DATETIME(6)  NOT NULL,
    completed_at             DATETIME(6)  NULL,
    result                   LONGTEXT     NULL,
    error                    LONGTEXT     NULL,     -- WorkflowError JSON
    parent_instance_id       VARCHAR(255) NULL,
    parent_execution_id      VARCHAR(64)  NULL,
    parent_schedule_event_id BIGINT       NULL,
    metadata                 LONGTEXT     NULL,     -- JSON object of strings
    last_sequence_id         BIGINT       NOT NULL DEFAULT 0,
    lock_token               VARCHAR(64)  NULL,
    locked_by                VARCHAR(255) NULL,     -- worker name, for diagnostics only
    locked_until             DATETIME(6)  NULL,
    not_before               DATETIME(6)  NULL,     -- retry delay after an abandoned task; parked instances wait until 9999
    last_task_error          LONGTEXT     NULL,     -- WorkflowError JSON
    task_failures            INT          NOT NULL DEFAULT 0,
    latest_instance_id       VARCHAR(255) AS (CASE WHEN is_latest = 1 THEN instance_id END) STORED,
    running_instance_id      VARCHAR(255) AS (CASE WHEN status = 1 THEN instance_id END) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY ux_executions_execution (instance_id, execution_id),
    UNIQUE KEY ux_executions_latest (latest_instance_id),
    UNIQUE KEY ux_executions_running (running_instance_id),
    KEY ix_executions_list (is_latest, status, id),
    KEY ix_executions_finished (is_latest, completed_at),
    KEY ix_executions_parent (parent_instance_id, parent_execution_id),
    KEY ix_executions_held (locked_until),
    KEY ix_executions_delayed (not_before)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

-- The committed history. The primary key and the event-id key are the backstop against double commits.
CREATE TABLE IF NOT EXISTS history (
    instance_id       VARCHAR(255) NOT NULL,
    execution_id      VARCHAR(64)  NOT NULL,
    sequence_id       BIGINT       NOT NULL,
    event_id          VARCHAR(64)  NOT NULL,
    event_type        INT          NOT NULL,
    schedule_event_id BIGINT       NOT NULL,
    timestamp_ticks   BIGINT       NOT NULL,
    visible_at_ticks  BIGINT       NULL,
    attributes        LONGTEXT     NOT NULL,        -- EventAttributes JSON (HistorySerializer)
    PRIMARY KEY (instance_id, execution_id, sequence_id),
    UNIQUE KEY ux_history_event (instance_id, execution_id, event_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

-- Signal request ids already accepted, per instance id (across executions), so client retries are safe.
CREATE TABLE IF NOT EXISTS signal_requests (
    instance_id VARCHAR(255) NOT NULL,
    request_id  VARCHAR(255) NOT NULL,
    PRIMARY KEY (instance_id, request_id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

-- Events waiting for the next workflow task of an execution; timers are future events.
CREATE TABLE IF NOT EXISTS pending_events (
    id                BIGINT       NOT NULL AUTO_INCREMENT, -- arrival order
    instance_id       VARCHAR(255) NOT NULL,
    execution_id      VARCHAR(64)  NOT NULL,
    event_id          VARCHAR(64)  NOT NULL,
    event_type        INT          NOT NULL,
    schedule_event_id BIGINT       NOT NULL,
    timestamp_ticks   BIGINT       NOT NULL,
    visible_at_ticks  BIGINT       NULL,
    ready_at          DATETIME(6)  NOT NULL,        -- when it becomes claimable: the due time (rounded up) for timers, arrival otherwise
    attributes        LONGTEXT     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_pending_events_event (instance_id, execution_id, event_id),
    -- Claims walk ready events oldest first, so instances that wait on future timers cost an idle poll nothing.
    KEY ix_pending_events_ready (ready_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;

-- Activity tasks: one row per scheduled activity until its result is recorded.
CREATE TABLE IF NOT EXISTS activities (
    id                BIGINT       NOT NULL AUTO_INCREMENT, -- claim order
    instance_id       VARCHAR(255) NOT NULL,
    execution_id      VARCHAR(64)  NOT NULL,
    event_id          VARCHAR(64)  NOT NULL,
    queue             VARCHAR(255) NOT NULL,
    schedule_event_id BIGINT       NOT NULL,
    timestamp_ticks   BIGINT       NOT NULL,
    attributes        LONGTEXT     NOT NULL,        -- ActivityScheduledAttributes JSON
    lock_token        VARCHAR(64)  NULL,
    locked_by         VARCHAR(255) NULL,
    locked_until      DATETIME(6)  NULL,
    not_before        DATETIME(6)  NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_activities_event (instance_id, execution_id, event_id),
    KEY ix_activities_claim (queue, id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;
