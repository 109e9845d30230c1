namespace Workflows.PeerBenchmarks;

/// <summary>The WorkflowCore chain's data: the running value each step adds one to.</summary>
internal sealed class ChainData
{
    public int Value { get; set; }
}
