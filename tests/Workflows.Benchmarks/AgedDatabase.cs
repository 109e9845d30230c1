using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;

namespace Workflows.Benchmarks;

/// <summary>
/// W6 `aged`: fills a database with finished instances straight into the schema, so a W1 run can be measured against
/// a database that is full of old work. One chain of 10 steps runs through the engine first and is the template; each
/// batch then copies its execution row and history, under new instance ids and earlier times, with one
/// <c>INSERT ... SELECT</c> per table over a generated range of numbers, in one transaction per batch.
/// </summary>
internal static class AgedDatabase
{
    private const string TemplateId = "aged-template";
    private const int BatchSize = 50_000;

    /// <summary>The MySQL schema fill-aged writes and list-cost reads unless --schema names another.</summary>
    public const string DefaultSchema = "workflows_aged";

    public static async Task<int> FillAsync(BenchmarkOptions options)
    {
        int instances = options.Count ?? 1_000_000;
        options = options with { Schema = options.Schema ?? DefaultSchema };
        if (options.Backend is not ("sqlite" or "mysql"))
        {
            throw new ArgumentException("fill-aged: --backend sqlite or mysql");
        }

        // The schema and the template through the engine; the backend is opened on the file or schema the W1 run
        // will reuse (--keep-db for SQLite, --schema for MySQL).
        await using (var backend = await BackendFactory.CreateAsync(options))
        {
            await using var worker = new WorkflowWorker(backend, Workloads.Registry(options), options.WorkerOptions());
            await worker.StartAsync();
            var handle = await new WorkflowClient(backend).StartWorkflowAsync<int>("Chain", new WorkflowOptions { InstanceId = TemplateId }, 10);
            await handle.GetResultAsync(TimeSpan.FromMinutes(2));
            await worker.StopAsync();
        }

        await using DbConnection db = options.Backend == "sqlite"
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.DatabasePath, Pooling = false }.ToString())
            : new MySqlConnection(options.Connection);
        await db.OpenAsync();
        if (db is MySqlConnection)
        {
            await ExecuteAsync(db, null, "USE `" + options.Schema!.Replace("`", "``", StringComparison.Ordinal) + "`;", []);
        }

        var (executions, history) = options.Backend == "sqlite" ? (SqliteExecutions, SqliteHistory) : (MySqlExecutions, MySqlHistory);
        var watch = Stopwatch.StartNew();
        for (int from = 0; from < instances; from += BatchSize)
        {
            int to = Math.Min(instances, from + BatchSize) - 1;
            await using var transaction = await db.BeginTransactionAsync();
            (string, object)[] parameters = [("$from", from), ("$to", to), ("$count", instances), ("$template", TemplateId)];
            await ExecuteAsync(db, transaction, executions, parameters);
            await ExecuteAsync(db, transaction, history, parameters);
            await transaction.CommitAsync();
            Console.Error.Write($"\rfill-aged: {to + 1:N0}/{instances:N0} instances, {watch.Elapsed.TotalSeconds:N0} s   ");
        }

        Console.Error.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fill-aged: {instances} instances in {watch.Elapsed.TotalSeconds:N1} s ({instances / watch.Elapsed.TotalSeconds:N0} instances/s), load average {ProcessCpu.LoadAverage()}"));
        return 0;
    }

    private static async Task ExecuteAsync(DbConnection db, DbTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        await using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 0;
        command.CommandText = db is MySqlConnection ? sql.Replace('$', '@') : sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = db is MySqlConnection ? "@" + name[1..] : name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }

    // Instance i finished (count - i) seconds before the template was created, so ids and times both grow with i
    // and everything aged is older than what a later run starts.
    private const string SqliteExecutions = """
        WITH RECURSIVE n(i) AS (SELECT $from UNION ALL SELECT i + 1 FROM n WHERE i < $to)
        INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, completed_at,
                                result, error, metadata, last_sequence_id, task_failures)
        SELECT 'aged-' || n.i, t.execution_id, 1, t.workflow_name, t.queue, t.status,
               t.created_at - ($count - n.i) * 10000000, t.completed_at - ($count - n.i) * 10000000,
               t.result, t.error, t.metadata, t.last_sequence_id, 0
          FROM n CROSS JOIN executions t
         WHERE t.instance_id = $template
         ORDER BY n.i;
        """;

    private const string SqliteHistory = """
        WITH RECURSIVE n(i) AS (SELECT $from UNION ALL SELECT i + 1 FROM n WHERE i < $to)
        INSERT INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp, visible_at, attributes)
        SELECT 'aged-' || n.i, h.execution_id, h.sequence_id, h.event_id, h.event_type, h.schedule_event_id,
               h.timestamp - ($count - n.i) * 10000000, h.visible_at, h.attributes
          FROM n CROSS JOIN history h
         WHERE h.instance_id = $template
         ORDER BY n.i, h.sequence_id;
        """;

    // MariaDB's sequence engine supplies the numbers (seq_0_to_N is a virtual table; the range is pushed down).
    private const string MySqlExecutions = """
        INSERT INTO executions (instance_id, execution_id, is_latest, workflow_name, queue, status, created_at, completed_at,
                                result, error, metadata, last_sequence_id, task_failures)
        SELECT CONCAT('aged-', n.seq), t.execution_id, 1, t.workflow_name, t.queue, t.status,
               t.created_at - INTERVAL ($count - n.seq) SECOND, t.completed_at - INTERVAL ($count - n.seq) SECOND,
               t.result, t.error, t.metadata, t.last_sequence_id, 0
          FROM seq_0_to_99999999 n CROSS JOIN executions t
         WHERE n.seq BETWEEN $from AND $to AND t.instance_id = $template
         ORDER BY n.seq;
        """;

    private const string MySqlHistory = """
        INSERT INTO history (instance_id, execution_id, sequence_id, event_id, event_type, schedule_event_id, timestamp_ticks, visible_at_ticks, attributes)
        SELECT CONCAT('aged-', n.seq), h.execution_id, h.sequence_id, h.event_id, h.event_type, h.schedule_event_id,
               h.timestamp_ticks - ($count - n.seq) * 10000000, h.visible_at_ticks, h.attributes
          FROM seq_0_to_99999999 n CROSS JOIN history h
         WHERE n.seq BETWEEN $from AND $to AND h.instance_id = $template
         ORDER BY n.seq, h.sequence_id;
        """;
}
