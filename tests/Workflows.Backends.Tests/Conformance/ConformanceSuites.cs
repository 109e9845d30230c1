namespace Workflows.Backends.Tests.Conformance;

public sealed class InMemoryBackendConformanceTests : FusedStepConformanceTests
{
    protected override Task<IBackend> CreateBackendAsync(BackendOptions options) => Task.FromResult<IBackend>(new InMemoryBackend(options));
}
