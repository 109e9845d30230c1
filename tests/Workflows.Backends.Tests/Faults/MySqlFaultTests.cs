using MySqlConnector;
using Workflows.Backends.Tests.MySql;
using Workflows.MySql;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Faults;

/// <summary>The fault suite's fast tier on a throwaway MariaDB server, with worker processes on one schema.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlFaultTests(MariaDbServer server, ITestOutputHelper output)
{
    [MariaDbTheory]
    [MemberData(nameof(FaultScenario.WorkerPoints), MemberType = typeof(FaultScenario))]
    public async Task Worker_KilledAtFaultPoint_SurvivorFinishesAndInvariantsHold(string point)
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunKillAsync(target, point, hit: 3, output);
    }

    [MariaDbFact]
    public async Task Workers_ClocksSkewedTenMinutes_NoEarlyTimerNoPrematureTakeover()
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunSkewedClocksAsync(target, output);
    }

    [OwnedMariaDbFact]
    public async Task Server_KilledAndRestartedMidRun_WorkersRecoverAndInvariantsHold()
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunServerKillAsync(target, server.KillAsync, server.StartAsync, output);
    }

    [MariaDbFact]
    public async Task Migration_KilledBetweenScriptAndJournal_ReopenCompletesSchemaAndInvariantsHold()
    {
        // An empty database of its own: the worker process is the first to open it, so it runs the migration.
        var options = server.CreateOptions();
        string connection = server.ConnectionStringFor(options.SchemaName!);
        await using (var db = new MySqlConnection(server.ConnectionString))
        {
            await db.OpenAsync();
            await using var create = new MySqlCommand($"CREATE DATABASE `{options.SchemaName}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", db);
            await create.ExecuteNonQueryAsync();
        }

        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = new FaultTarget(backend, ["--backend", "mysql", "--connection", connection], sql => ScalarAsync(connection, sql), () => TablesOkAsync(connection));

        await FaultScenario.RunMigrationKillAsync(target, () => JournalAsync(connection), "1:0001_initial.sql,2:0002_list_indexes.sql", output);
    }

    private static async Task<string> JournalAsync(string connection)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        await using var command = new MySqlCommand("SELECT GROUP_CONCAT(CONCAT(version, ':', script) ORDER BY version SEPARATOR ',') FROM workflows_schema_journal", db);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [MariaDbFact]
    public async Task Worker_FrozenPastItsLease_LateCompletionRejectedAndInvariantsHold()
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunFrozenAsync(target, output);
    }

    [MariaDbTheory]
    [MemberData(nameof(FaultScenario.FreezePoints), MemberType = typeof(FaultScenario))]
    public async Task Worker_FrozenAtFaultPoint_LateCommitRejectedAndInvariantsHold(string point)
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunFrozenAtAsync(target, point, output);
    }

    [MariaDbFact]
    public async Task Worker_StoppedGracefullyMidActivity_FinishesItsActivityWithoutReExecution()
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunGracefulStopAsync(target, output);
    }

    [MariaDbFact]
    public async Task Client_KilledAfterStartAndSignalCommitted_StartRunsAndRetriedSignalArrivesOnce()
    {
        var options = server.CreateOptions();
        await using var backend = MySqlBackend.Open(server.ConnectionString, options);
        var target = await TargetAsync(backend, options);

        await FaultScenario.RunClientKillAsync(target, output);
    }

    private async Task<FaultTarget> TargetAsync(MySqlBackend backend, MySqlBackendOptions options)
    {
        await backend.GetStatsAsync(); // creates the schema before the workers start
        string connection = server.ConnectionStringFor(options.SchemaName!);
        return new FaultTarget(backend, ["--backend", "mysql", "--connection", connection], sql => ScalarAsync(connection, sql), () => TablesOkAsync(connection));
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        await using var command = new MySqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // I12: CHECK TABLE reports every table fine.
    private static async Task<bool> TablesOkAsync(string connection)
    {
        await using var db = new MySqlConnection(connection);
        await db.OpenAsync();
        await using var command = new MySqlCommand("CHECK TABLE executions, history, signal_requests, pending_events, activities", db);
        await using var reader = await command.ExecuteReaderAsync();
        bool ok = true;
        while (await reader.ReadAsync())
        {
            string type = reader.GetString(2);
            string text = reader.GetString(3);
            ok &= !(type == "status" && text != "OK") && type != "error";
        }

        return ok;
    }
}
