-- Workflows SQLite schema, version 1. Published scripts are never edited; changes go in a new numbered script.
-- Times are UTC ticks (100 ns since 0001-01-01), so comparisons against the backend clock are exact.

-- One row per execution. Only the latest execution of an instance id has is_latest = 1, and at most one
-- execution per instance id is running (status 1): both are enforced by partial unique indexes.
CREATE TABLE executions (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT, -- creation order: claims oldest first, lists newest first
    instance_id              TEXT    NOT NULL,
    execution_id             TEXT    NOT NULL,
    is_latest                INTEGER NOT NULL,
    workflow_name            TEXT    NOT NULL,
    queue                    TEXT    NOT NULL,
    status                   INTEGER NOT NULL,
    created_at               INTEGER NOT NULL,
    completed_at             INTEGER NULL,
    result                   TEXT    NULL,
    error                    TEXT    NULL,     -- WorkflowError JSON
    parent_instance_id       TEXT    NULL,
    parent_execution_id      TEXT    NULL,
    parent_schedule_event_id INTEGER NULL,
    metadata                 TEXT    NULL,     -- JSON object of strings
    last_sequence_id         INTEGER NOT NULL DEFAULT 0,
    lock_token               TEXT    NULL,
    locked_until             INTEGER NULL,
    not_before               INTEGER NULL,     -- retry delay after an abandoned task; parked instances stay far in the future
    last_task_error          TEXT    NULL,     -- WorkflowError JSON
    task_failures            INTEGER NOT NULL DEFAULT 0,
    UNIQUE (instance_id, execution_id)
);

CREATE UNIQUE INDEX ux_executions_latest ON executions (instance_id) WHERE is_latest = 1;
CREATE UNIQUE INDEX ux_executions_running ON executions (instance_id) WHERE status = 1;
CREATE INDEX ix_executions_claim ON executions (queue, id) WHERE status = 1;
CREATE INDEX ix_executions_list ON executions (is_latest, status, id);
-- Executions that are leased or backing off: where the next claimable time of already-ready work comes from.
CREATE INDEX ix_executions_held ON executions (locked_until) WHERE lock_token IS NOT NULL;
CREATE INDEX ix_executions_delayed ON executions (not_before) WHERE not_before IS NOT NULL;
-- Running sub-workflows of an execution (terminated with it) and finished instances by age (retention).
CREATE INDEX ix_executions_parent ON executions (parent_instance_id, parent_execution_id) WHERE status = 1;
CREATE INDEX ix_executions_finished ON executions (completed_at) WHERE is_latest = 1 AND status <> 1;

-- The committed history. The primary key and the event-id key are the backstop against double commits.
CREATE TABLE history (
    instance_id       TEXT    NOT NULL,
    execution_id      TEXT    NOT NULL,
    sequence_id       INTEGER NOT NULL,
    event_id          TEXT    NOT NULL,
    event_type        INTEGER NOT NULL,
    schedule_event_id INTEGER NOT NULL,
    timestamp         INTEGER NOT NULL,
    visible_at        INTEGER NULL,
    attributes        TEXT    NOT NULL,        -- EventAttributes JSON (HistorySerializer)
    PRIMARY KEY (instance_id, execution_id, sequence_id),
    UNIQUE (instance_id, execution_id, event_id)
) WITHOUT ROWID;

-- Signal request ids already accepted, per instance id (across executions), so client retries are safe.
CREATE TABLE signal_requests (
    instance_id TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    PRIMARY KEY (instance_id, request_id)
) WITHOUT ROWID;

-- Events waiting for the next workflow task of an execution; timers are future events (visible_at).
CREATE TABLE pending_events (
    id                INTEGER PRIMARY KEY AUTOINCREMENT, -- arrival order
    instance_id       TEXT    NOT NULL,
    execution_id      TEXT    NOT NULL,
    event_id          TEXT    NOT NULL,
    event_type        INTEGER NOT NULL,
    schedule_event_id INTEGER NOT NULL,
    timestamp         INTEGER NOT NULL,
    visible_at        INTEGER NULL,
    ready_at          INTEGER NOT NULL,        -- when it became claimable: visible_at for timers, arrival otherwise
    attributes        TEXT    NOT NULL,
    UNIQUE (instance_id, execution_id, event_id)
);

CREATE INDEX ix_pending_events_execution ON pending_events (instance_id, execution_id, visible_at);
-- Claims walk ready events oldest first, so instances that wait on future timers cost an idle poll nothing.
CREATE INDEX ix_pending_events_ready ON pending_events (ready_at);

-- Activity tasks: one row per scheduled activity until its result is recorded.
CREATE TABLE activities (
    id                INTEGER PRIMARY KEY AUTOINCREMENT, -- claim order
    instance_id       TEXT    NOT NULL,
    execution_id      TEXT    NOT NULL,
    event_id          TEXT    NOT NULL,
    queue             TEXT    NOT NULL,
    schedule_event_id INTEGER NOT NULL,
    timestamp         INTEGER NOT NULL,
    attributes        TEXT    NOT NULL,        -- ActivityScheduledAttributes JSON
    lock_token        TEXT    NULL,
    locked_until      INTEGER NULL,
    not_before        INTEGER NULL,
    UNIQUE (instance_id, execution_id, event_id)
);

CREATE INDEX ix_activities_claim ON activities (queue, id);
