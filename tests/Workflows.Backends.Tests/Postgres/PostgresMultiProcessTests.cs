using System.Data.Common;
using Npgsql;
using Workflows.Backends.Tests.Server;
using Workflows.Postgres;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>The multi-process tests (<see cref="ServerMultiProcessTests"/>) on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMultiProcessTests(PostgresServer server, ITestOutputHelper output) : ServerMultiProcessTests(output)
{
    protected override string BackendName => "postgres";

    protected override bool ServerOwned => server.Owned;

    protected override string IsLatest => "is_latest";

    [OwnedPostgresFact]
    public Task ThreeWorkerProcesses_ServerRestartedMidRun_TwoThousandWorkflowsCompleteExactlyOnce()
        => ServerRestartedMidRunAsync(workerCount: 3, count: 2000);

    protected override async Task<(IBackend Backend, string Connection)> OpenAsync()
    {
        var options = server.CreateOptions();
        var backend = PostgresBackend.Open(server.ConnectionString, options);
        await backend.GetStatsAsync(); // creates the schema before the workers start
        return (backend, server.ConnectionStringFor(options.SchemaName!));
    }

    protected override DbConnection Connect(string connectionString) => new NpgsqlConnection(connectionString);

    protected override Task StopServerAsync() => server.StopAsync();

    protected override Task StartServerAsync() => server.StartAsync();

    protected override string CountWhere(string condition) => $"COUNT(*) FILTER (WHERE {condition})";

    // I12: the unique indexes hold: one latest and at most one running execution per instance id.
    protected override async Task AssertTablesConsistentAsync(DbConnection db)
        => Assert.Empty(await QueryAsync(db, "SELECT instance_id FROM executions GROUP BY instance_id HAVING COUNT(*) FILTER (WHERE is_latest) <> 1 OR COUNT(*) FILTER (WHERE status = 1) > 1"));
}
