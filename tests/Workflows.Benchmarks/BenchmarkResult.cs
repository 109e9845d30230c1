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
    /// CPU time of the worker processes during the measured run (this process, client and completion check included,
    /// plus the other worker processes of a multi-process run), per workflow.
    /// </summary>
    public double? CpuMsPerWorkflow { get; init; }

    /// <summary>CPU time of the database server (<c>--server-pid</c>) during the measured run, per workflow; null when not given.</summary>
    public double? ServerCpuMsPerWorkflow { get; init; }

    /// <summary>
    /// Thread-pool work items completed in this process during the measured run, per workflow
    /// (<see cref="ThreadPool.CompletedWorkItemCount"/>): a counter of the hops between threads a step makes.
    /// </summary>
    public double? ThreadPoolWorkItemsPerWorkflow { get; init; }

    /// <summary>
    /// CPU time of the SQLite writer thread during the measured run, per workflow (from <c>/proc/self/task</c>); null
    /// for other backends. Every write runs on that one thread, so it bounds throughput at 1,000 / this figure.
    /// </summary>
    public double? WriterCpuMsPerWorkflow { get; init; }

    /// <summary>Milliseconds the JIT compiled for during the measured run, on any thread (JitInfo), per workflow.</summary>
    public double? JitMsPerWorkflow { get; init; }

    /// <summary>
    /// CPU time per workflow of this process's threads during the measured run, summed by thread name (Linux; threads
    /// that ended during the run are missing, so the sum can fall short of <see cref="CpuMsPerWorkflow"/>).
    /// </summary>
    public Dictionary<string, double>? ThreadCpuMsPerWorkflow { get; init; }

    /// <summary>
    /// Pages the SQLite writer appended to the WAL during the measured run, per workflow (what SQLite counts per
    /// connection): every one is a page-sized write and checksum on the writer thread, and later a checkpoint's copy.
    /// </summary>
    public double? WalPagesPerWorkflow { get; init; }

    /// <summary>The share of the measured run's wall time the SQLite writer thread spent on a core.</summary>
    public double? WriterBusyFraction { get; init; }

    /// <summary>Monitor lock contentions in this process during the measured run, per workflow (<see cref="Monitor.LockContentionCount"/>).</summary>
    public double? LockContentionsPerWorkflow { get; init; }

    /// <summary>The load average (1, 5, 15 minutes) before and after the measured run: the machine is shared.</summary>
    public string? LoadAverageBefore { get; init; }

    public string? LoadAverageAfter { get; init; }
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>The largest working set sampled during the measured run (<see cref="PeakWorkingSetBytes"/> covers the whole process life).</summary>
    public long? MeasuredPeakWorkingSetBytes { get; init; }

    /// <summary>The largest managed heap (<see cref="GC.GetTotalMemory(bool)"/>) sampled during the measured run.</summary>
    public long? PeakManagedHeapBytes { get; init; }

    /// <summary>The largest size of the SQLite <c>-wal</c> file sampled during the measured run.</summary>
    public long? MaxWalBytes { get; init; }

    /// <summary>SQLite checkpoints of the measured run by connection and mode.</summary>
    public Dictionary<string, CheckpointSummary>? Checkpoints { get; init; }

    /// <summary>W3: percentiles of the time between two consecutive workflow tasks of the long chain.</summary>
    public double? StepP50Ms { get; init; }

    public double? StepP90Ms { get; init; }

    public double? StepP99Ms { get; init; }

    public double? StepMaxMs { get; init; }

    /// <summary>W3: the mean step of each tenth of the chain, first to last: flat when a step does not grow with the history.</summary>
    public List<double>? StepMsByTenth { get; init; }

    /// <summary>W3: the slowest steps and the checkpoints that ran during each.</summary>
    public List<SlowStep>? SlowSteps { get; init; }
}
