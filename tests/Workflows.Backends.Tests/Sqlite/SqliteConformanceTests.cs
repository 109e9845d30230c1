using Workflows.Backends.Tests.Conformance;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

public sealed class SqliteFileConformanceTests : FusedStepConformanceTests
{
    private readonly TempDirectory _dir = new();

    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(SqliteBackend.Open(_dir.File("workflows.db"), new SqliteBackendOptions { Backend = options }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }
}

public sealed class SqliteInMemoryConformanceTests : FusedStepConformanceTests
{
    protected override Task<IBackend> CreateBackendAsync(BackendOptions options)
        => Task.FromResult<IBackend>(SqliteBackend.InMemory(new SqliteBackendOptions { Backend = options }));
}
