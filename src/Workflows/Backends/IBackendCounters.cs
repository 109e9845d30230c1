namespace Workflows.Backends;

/// <summary>Optional counters a backend can expose for benchmarks and monitoring.</summary>
public interface IBackendCounters
{
    /// <summary>Write transactions committed by this backend object since it was created.</summary>
    long Commits { get; }
}
