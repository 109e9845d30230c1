-- Workflows SQLite schema, version 2: instance lists that stay on indexes at millions of instances.
-- The list is newest first with keyset paging (id < cursor); the list query names only the filters it was given,
-- so each of these serves a page by reading index entries in id order instead of sorting every instance.
-- None of them holds a column a step's update changes, so running instances do not pay for them per step.
CREATE INDEX ix_executions_newest ON executions (is_latest, id);
CREATE INDEX ix_executions_latest_name ON executions (workflow_name, id) WHERE is_latest = 1;
CREATE INDEX ix_executions_latest_queue ON executions (queue, id) WHERE is_latest = 1;
