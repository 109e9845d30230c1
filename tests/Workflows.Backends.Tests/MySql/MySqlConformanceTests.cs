using Workflows.Backends.Tests.Conformance;

namespace Workflows.Backends.Tests.MySql;

/// <summary>
/// The backend contract against MariaDB. The suite drives time with a fake clock, so these backends take "now" from
/// it instead of <c>UTC_TIMESTAMP(6)</c> (an internal test switch); everything else is the production path.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlConformanceTests(MariaDbServer server) : FusedStepConformanceTests
{
    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(server.CreateBackend(options, useBackendClock: true));
}
