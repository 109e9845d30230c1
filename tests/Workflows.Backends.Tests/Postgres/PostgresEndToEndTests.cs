using Workflows.Backends.Tests.EndToEnd;

namespace Workflows.Backends.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresCachedEndToEndTests(PostgresServer server) : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(server.CreateBackend());

    protected override bool UseExecutorCache => true;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresUncachedEndToEndTests(PostgresServer server) : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(server.CreateBackend());

    protected override bool UseExecutorCache => false;
}
