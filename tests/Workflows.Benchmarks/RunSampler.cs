using System.Collections.Concurrent;
using System.Diagnostics;
using Workflows.Sqlite;

namespace Workflows.Benchmarks;

/// <summary>
/// Watches a measured run from a thread of its own: the SQLite WAL file's size, the process's working set and
/// managed heap (every few milliseconds, keeping the largest), and every checkpoint the SQLite backend runs.
/// </summary>
internal sealed class RunSampler : IDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(5);
    private readonly string? _walPath;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<CheckpointRecord> _checkpoints = new();
    private volatile bool _stopped;

    public RunSampler(string? databasePath)
    {
        _walPath = databasePath is null ? null : databasePath + "-wal";
        SqliteFile.CheckpointObserver = _checkpoints.Enqueue;
        _thread = new Thread(Sample) { IsBackground = true, Name = "benchmark sampler" };
        _thread.Start();
    }

    public long MaxWalBytes { get; private set; }

    public long PeakWorkingSetBytes { get; private set; }

    public long PeakManagedHeapBytes { get; private set; }

    /// <summary>The checkpoints that ran while sampling, in the order they ended.</summary>
    public IReadOnlyList<CheckpointRecord> Checkpoints => [.. _checkpoints];

    private void Sample()
    {
        while (!_stopped)
        {
            SampleOnce();
            Thread.Sleep(s_interval);
        }
    }

    private void SampleOnce()
    {
        if (_walPath is not null)
        {
            try
            {
                MaxWalBytes = Math.Max(MaxWalBytes, new FileInfo(_walPath).Length);
            }
            catch (FileNotFoundException)
            {
                // Not created yet, or removed at close.
            }
        }

        PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, Environment.WorkingSet);
        PeakManagedHeapBytes = Math.Max(PeakManagedHeapBytes, GC.GetTotalMemory(forceFullCollection: false));
    }

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
        SampleOnce();
        SqliteFile.CheckpointObserver = null;
    }

    /// <summary>Checkpoints by mode: count, total and longest duration.</summary>
    public Dictionary<string, CheckpointSummary> Summarize() => Checkpoints
        .GroupBy(c => c.Mode.Replace("PRAGMA wal_checkpoint(", "", StringComparison.Ordinal).TrimEnd(';', ')'))
        .ToDictionary(
            g => g.Key,
            g => new CheckpointSummary(g.Count(), g.Sum(c => c.Duration.TotalMilliseconds), g.Max(c => c.Duration.TotalMilliseconds), g.Max(c => c.WalFrames), g.Count(c => c.CheckpointedFrames < c.WalFrames)));

    public static string? WalPathOf(BenchmarkOptions options) => options.Backend == "sqlite" ? options.DatabasePath : null;
}

/// <summary>What the checkpoints of one kind cost during a run; <c>Incomplete</c>: those that could not copy the whole WAL.</summary>
internal sealed record CheckpointSummary(int Count, double TotalMs, double MaxMs, long MaxWalFrames, int Incomplete);

/// <summary>One of a long chain's slowest steps, and the checkpoints that ran during it.</summary>
internal sealed record SlowStep(int Step, double Ms, double AtMs, IReadOnlyList<string> Checkpoints);
