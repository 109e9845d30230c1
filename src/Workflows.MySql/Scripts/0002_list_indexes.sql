-- Workflows MySQL/MariaDB schema, version 2: instance lists that stay on indexes at millions of instances.
-- The list is newest first with keyset paging (id < cursor) and names only the filters it was given, so each of
-- these serves a page by reading index entries in id order instead of sorting every instance; the count by workflow
-- name reads the name index alone, and an instance's sub-workflows (the dashboard's tree) are one parent's entries.
-- MySQL has no partial indexes, so each leads with is_latest. The unfiltered list needs none: InnoDB stores rows in
-- primary-key (id) order, so it walks the table itself, which is also faster for the filters no index serves than a
-- secondary (is_latest, id) index that must look each row up by key.
-- None of them holds a column a step's update changes (a step writes status, completed_at, result, error,
-- last_sequence_id, the lease columns, not_before, last_task_error and task_failures; is_latest changes only when
-- an instance id starts a new execution), so running instances do not pay for them per step.
--
-- MySQL 8 has no CREATE INDEX IF NOT EXISTS, so the one ALTER TABLE (atomic DDL: all three indexes or none) runs only
-- when none of them exists yet: a migration that died after it and before its journal entry is run again safely.
SET @workflows_list_indexes = (
    SELECT COUNT(*) FROM information_schema.statistics
    WHERE table_schema = DATABASE() AND table_name = 'executions'
      AND index_name IN ('ix_executions_latest_name', 'ix_executions_latest_queue', 'ix_executions_latest_parent'));
SET @workflows_ddl = IF(@workflows_list_indexes = 0,
    'ALTER TABLE executions ADD INDEX ix_executions_latest_name (is_latest, workflow_name, id), ADD INDEX ix_executions_latest_queue (is_latest, queue, id), ADD INDEX ix_executions_latest_parent (is_latest, parent_instance_id, id)',
    'DO 0');
PREPARE workflows_ddl FROM @workflows_ddl;
EXECUTE workflows_ddl;
DEALLOCATE PREPARE workflows_ddl;
SET @workflows_list_indexes = NULL, @workflows_ddl = NULL;
