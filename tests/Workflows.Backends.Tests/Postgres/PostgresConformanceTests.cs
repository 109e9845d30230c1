using Workflows.Backends.Tests.Conformance;

namespace Workflows.Backends.Tests.Postgres;

/// <summary>
/// The backend contract against PostgreSQL. The suite drives time with a fake clock, so these backends take "now" from
/// it instead of <c>now()</c> (an internal test switch); everything else is the production path.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConformanceTests(PostgresServer server) : FusedStepConformanceTests
{
    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(server.CreateBackend(options, useBackendClock: true));
}
