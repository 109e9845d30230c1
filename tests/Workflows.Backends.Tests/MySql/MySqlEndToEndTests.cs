using Workflows.Backends.Tests.EndToEnd;

namespace Workflows.Backends.Tests.MySql;

[Collection(MariaDbCollection.Name)]
public sealed class MySqlCachedEndToEndTests(MariaDbServer server) : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(server.CreateBackend());

    protected override bool UseExecutorCache => true;
}

[Collection(MariaDbCollection.Name)]
public sealed class MySqlUncachedEndToEndTests(MariaDbServer server) : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(server.CreateBackend());

    protected override bool UseExecutorCache => false;
}
