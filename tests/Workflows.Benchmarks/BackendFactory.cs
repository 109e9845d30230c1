using Workflows.Backends;

namespace Workflows.Benchmarks;

/// <summary>Creates the backend a run measures.</summary>
internal static class BackendFactory
{
    public static Task<IBackend> CreateAsync(BenchmarkOptions options) => options.Backend switch
    {
        "memory" => Task.FromResult<IBackend>(new InMemoryBackend()),
        _ => throw new ArgumentException($"unknown backend '{options.Backend}'"),
    };
}
