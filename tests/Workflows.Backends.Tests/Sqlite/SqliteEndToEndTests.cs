using Workflows.Backends.Tests.EndToEnd;
using Workflows.Sqlite;

namespace Workflows.Backends.Tests.Sqlite;

public sealed class SqliteFileCachedEndToEndTests : EndToEndTestBase, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(SqliteBackend.Open(_dir.File("workflows.db")));

    protected override bool UseExecutorCache => true;

    public void Dispose() => _dir.Dispose();
}

public sealed class SqliteFileUncachedEndToEndTests : EndToEndTestBase, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(SqliteBackend.Open(_dir.File("workflows.db")));

    protected override bool UseExecutorCache => false;

    public void Dispose() => _dir.Dispose();
}

public sealed class SqliteInMemoryCachedEndToEndTests : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(SqliteBackend.InMemory());

    protected override bool UseExecutorCache => true;
}

public sealed class SqliteInMemoryUncachedEndToEndTests : EndToEndTestBase
{
    protected override Task<IBackend> CreateBackendAsync() => Task.FromResult<IBackend>(SqliteBackend.InMemory());

    protected override bool UseExecutorCache => false;
}
