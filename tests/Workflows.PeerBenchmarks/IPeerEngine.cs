namespace Workflows.PeerBenchmarks;

/// <summary>One peer engine hosted in this process, ready to run the W1 chain.</summary>
internal interface IPeerEngine : IAsyncDisposable
{
    /// <summary>What the results table calls the engine, with its package version.</summary>
    string Name { get; }

    /// <summary>The options changed from the engine's defaults, and why; empty when none were.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>
    /// Starts <paramref name="count"/> chains of <paramref name="steps"/> activities at once (<paramref name="starters"/>
    /// start calls in flight) and returns when every one has completed with the expected result.
    /// </summary>
    Task RunAsync(string idPrefix, int count, int steps, int starters);
}
