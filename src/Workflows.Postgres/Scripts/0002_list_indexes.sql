-- Workflows PostgreSQL schema, version 2: instance lists that stay on indexes at millions of instances.
-- The list is newest first with keyset paging (id < cursor) and names only the filters it was given, so each of
-- these serves a page by reading index entries in id order instead of sorting every instance (the status filter
-- has ix_executions_list already); the count by workflow name can read the name index alone, and an instance's
-- sub-workflows (the dashboard's tree) are one parent's entries (ix_executions_parent holds running children only).
-- None of them holds a column a step's update changes (a step writes status, completed_at, result, error,
-- last_sequence_id, the lease columns, not_before, last_task_error and task_failures; is_latest changes only when
-- an instance id starts a new execution). PostgreSQL still adds an entry to every index of the table on an update
-- that is not HOT, and the claim and commit updates are not (they change the lease columns of ix_executions_held and
-- status), so each such update writes one entry more in each of these four.
CREATE INDEX IF NOT EXISTS ix_executions_newest ON executions (id) WHERE is_latest;
CREATE INDEX IF NOT EXISTS ix_executions_latest_name ON executions (workflow_name, id) WHERE is_latest;
CREATE INDEX IF NOT EXISTS ix_executions_latest_queue ON executions (queue, id) WHERE is_latest;
CREATE INDEX IF NOT EXISTS ix_executions_latest_parent ON executions (parent_instance_id, id) WHERE is_latest AND parent_instance_id IS NOT NULL;
