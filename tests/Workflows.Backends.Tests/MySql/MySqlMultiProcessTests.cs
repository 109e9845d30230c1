using System.Data.Common;
using MySqlConnector;
using Workflows.Backends.Tests.Server;
using Workflows.MySql;
using Xunit.Abstractions;

namespace Workflows.Backends.Tests.MySql;

/// <summary>The multi-process tests (<see cref="ServerMultiProcessTests"/>) on MariaDB.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlMultiProcessTests(MariaDbServer server, ITestOutputHelper output) : ServerMultiProcessTests(output)
{
    protected override string BackendName => "mysql";

    protected override bool ServerOwned => server.Owned;

    protected override string IsLatest => "is_latest = 1";

    [OwnedMariaDbFact]
    public Task TwoWorkerProcesses_ServerRestartedMidRun_WorkersRecoverAndCompleteEveryWorkflowExactlyOnce()
        => ServerRestartedMidRunAsync(workerCount: 2, count: 400);

    protected override async Task<(IBackend Backend, string Connection)> OpenAsync()
    {
        var options = server.CreateOptions();
        var backend = MySqlBackend.Open(server.ConnectionString, options);
        await backend.GetStatsAsync(); // creates the schema before the workers start
        return (backend, server.ConnectionStringFor(options.SchemaName!));
    }

    protected override DbConnection Connect(string connectionString) => new MySqlConnection(connectionString);

    protected override Task StopServerAsync() => server.StopAsync();

    protected override Task StartServerAsync() => server.StartAsync();

    // MySQL counts a boolean as 0 or 1.
    protected override string CountWhere(string condition) => $"SUM({condition})";

    // I12: every table checks out.
    protected override async Task AssertTablesConsistentAsync(DbConnection db)
    {
        foreach (var row in await QueryAsync(db, "CHECK TABLE executions, history, signal_requests, pending_events, activities"))
        {
            Assert.True(row[2] is not "error" && (row[2] is not "status" || row[3] is "OK"), string.Join(" | ", row));
        }
    }
}
