namespace Workflows.PeerBenchmarks;

/// <summary>What one run measured; serialized as the --json output.</summary>
internal sealed record PeerResult
{
    public required string Engine { get; init; }
    public int Workflows { get; init; }
    public long Activities { get; init; }
    public double Seconds { get; init; }
    public double WorkflowsPerSecond { get; init; }
    public double ActivitiesPerSecond { get; init; }

    /// <summary>Processor time of the whole process (engine, client and harness) during the measured run, per workflow.</summary>
    public double CpuMsPerWorkflow { get; init; }

    /// <summary>Bytes allocated by the whole process during the measured run, per workflow.</summary>
    public double AllocatedBytesPerWorkflow { get; init; }
    public long PeakWorkingSetBytes { get; init; }
    public int Warmup { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
