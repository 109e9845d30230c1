namespace Workflows.Benchmarks;

/// <summary>What one run measured; serialized as the --json output.</summary>
internal sealed record BenchmarkResult
{
    public required string Workload { get; init; }
    public required string Backend { get; init; }
    public int Workflows { get; init; }
    public long Activities { get; init; }
    public double Seconds { get; init; }
    public double WorkflowsPerSecond { get; init; }
    public double ActivitiesPerSecond { get; init; }
    public double P50Ms { get; init; }
    public double P99Ms { get; init; }
    public long PeakWorkingSetBytes { get; init; }
    public double? StorageCommitsPerSecond { get; init; }
    public double? CommitsPerWorkflow { get; init; }
    public double? FractionOfStorageCeiling { get; init; }
    public double? FirstStepsMsPerStep { get; init; }
    public double? LastStepsMsPerStep { get; init; }
    public double? EventsPerSecond { get; init; }

    /// <summary>Time the process was paused for garbage collection during the measured run.</summary>
    public double? GcPauseMs { get; init; }

    /// <summary>Bytes allocated by the whole process during the measured run, per workflow.</summary>
    public double? AllocatedBytesPerWorkflow { get; init; }

    /// <summary>
    /// Processor time of the whole process (every thread, the client's included) during the measured run, per
    /// workflow: less sensitive than wall-clock to other processes on a shared machine.
    /// </summary>
    public double? CpuMsPerWorkflow { get; init; }
    public Dictionary<string, string> Settings { get; init; } = [];
}
