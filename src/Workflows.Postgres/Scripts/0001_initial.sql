-- Workflows PostgreSQL schema, version 1. Published scripts are never edited; changes go in a new numbered script.
-- Each script runs in one transaction with its journal entry (PostgreSQL DDL is transactional); the statements are
-- idempotent (IF NOT EXISTS) all the same, so a script is safe to run over a half-made schema.
--
-- Ids, queues and names are text, compared byte for byte by equality: 'order-1' and 'Order-1' are different
-- instances. Lease and visibility times (created_at, completed_at, locked_until, not_before, ready_at) are timestamptz
-- on the database clock (now(), the transaction's start). Event timestamps are stored as UTC ticks (*_ticks) so
-- events round-trip exactly.

-- One row per execution. Only the latest execution of an instance id has is_latest and at most one execution per
-- instance id is running (status 1): both are enforced by partial unique indexes.
CREATE TABLE IF NOT EXISTS executions (
    id                       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- creation order: lists newest first
    instance_id              TEXT        NOT NULL,
    execution_id             TEXT        NOT NULL,
    is_latest                BOOLEAN     NOT NULL,
    workflow_name            TEXT        NOT NULL,
    queue                    TEXT        NOT NULL,
    status                   INT         NOT NULL,
    created_at               TIMESTAMPTZ NOT NULL,
    completed_at             TIMESTAMPTZ NULL,
    result                   TEXT        NULL,
    error                    TEXT        NULL,     -- WorkflowError JSON
    parent_instance_id       TEXT        NULL,
    parent_execution_id      TEXT        NULL,
    parent_schedule_event_id BIGINT      NULL,
    metadata                 TEXT        NULL,     -- JSON object of strings
    last_sequence_id         BIGINT      NOT NULL DEFAULT 0,
    lock_token               TEXT        NULL,
    locked_by                TEXT        NULL,     -- worker name, for diagnostics only
    locked_until             TIMESTAMPTZ NULL,
    not_before               TIMESTAMPTZ NULL,     -- retry delay after an abandoned task; parked instances wait until 9999
    last_task_error          TEXT        NULL,     -- WorkflowError JSON
    task_failures            INT         NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_executions_execution ON executions (instance_id, execution_id);
CREATE UNIQUE INDEX IF NOT EXISTS ux_executions_latest ON executions (instance_id) WHERE is_latest;
CREATE UNIQUE INDEX IF NOT EXISTS ux_executions_running ON executions (instance_id) WHERE status = 1;
CREATE INDEX IF NOT EXISTS ix_executions_list ON executions (status, id) WHERE is_latest;
CREATE INDEX IF NOT EXISTS ix_executions_finished ON executions (completed_at) WHERE is_latest AND status <> 1;
CREATE INDEX IF NOT EXISTS ix_executions_parent ON executions (parent_instance_id, parent_execution_id) WHERE status = 1;
CREATE INDEX IF NOT EXISTS ix_executions_held ON executions (locked_until) WHERE lock_token IS NOT NULL AND status = 1;
CREATE INDEX IF NOT EXISTS ix_executions_delayed ON executions (not_before) WHERE status = 1;

-- The committed history. The primary key and the event-id key are the backstop against double commits.
CREATE TABLE IF NOT EXISTS history (
    instance_id       TEXT   NOT NULL,
    execution_id      TEXT   NOT NULL,
    sequence_id       BIGINT NOT NULL,
    event_id          TEXT   NOT NULL,
    event_type        INT    NOT NULL,
    schedule_event_id BIGINT NOT NULL,
    timestamp_ticks   BIGINT NOT NULL,
    visible_at_ticks  BIGINT NULL,
    attributes        TEXT   NOT NULL,            -- EventAttributes JSON (HistorySerializer)
    PRIMARY KEY (instance_id, execution_id, sequence_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_history_event ON history (instance_id, execution_id, event_id);

-- Signal request ids already accepted, per instance id (across executions), so client retries are safe.
CREATE TABLE IF NOT EXISTS signal_requests (
    instance_id TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    PRIMARY KEY (instance_id, request_id)
);

-- Events waiting for the next workflow task of an execution; timers are future events.
CREATE TABLE IF NOT EXISTS pending_events (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- arrival order
    instance_id       TEXT        NOT NULL,
    execution_id      TEXT        NOT NULL,
    event_id          TEXT        NOT NULL,
    event_type        INT         NOT NULL,
    schedule_event_id BIGINT      NOT NULL,
    timestamp_ticks   BIGINT      NOT NULL,
    visible_at_ticks  BIGINT      NULL,
    ready_at          TIMESTAMPTZ NOT NULL,       -- when it becomes claimable: the due time (rounded up) for timers, arrival otherwise
    attributes        TEXT        NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_pending_events_event ON pending_events (instance_id, execution_id, event_id);
-- Claims walk ready events oldest first, so instances that wait on future timers cost an idle poll nothing.
CREATE INDEX IF NOT EXISTS ix_pending_events_ready ON pending_events (ready_at, id);

-- Activity tasks: one row per scheduled activity until its result is recorded.
CREATE TABLE IF NOT EXISTS activities (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- claim order
    instance_id       TEXT        NOT NULL,
    execution_id      TEXT        NOT NULL,
    event_id          TEXT        NOT NULL,
    queue             TEXT        NOT NULL,
    schedule_event_id BIGINT      NOT NULL,
    timestamp_ticks   BIGINT      NOT NULL,
    attributes        TEXT        NOT NULL,       -- ActivityScheduledAttributes JSON
    lock_token        TEXT        NULL,
    locked_by         TEXT        NULL,
    locked_until      TIMESTAMPTZ NULL,
    not_before        TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_activities_event ON activities (instance_id, execution_id, event_id);
CREATE INDEX IF NOT EXISTS ix_activities_claim ON activities (queue, id);
