using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows;
using Workflows.Backends;
using Workflows.Benchmarks;
using Workflows.History;
using Workflows.Runtime;
using Workflows.Serialization;
using Workflows.Worker;

if (args.Length > 0 && args[0] == "query")
{
    return await QueryCost.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.Workload == "fill-aged")
{
    return await AgedDatabase.FillAsync(options);
}

if (options.Workload == "list-cost")
{
    return await ListCost.RunAsync(options);
}

if (options.Workload == "worker")
{
    return await WorkerProcesses.RunWorkerAsync(options);
}

var result = await Harness.RunAsync(options);
if (options.Json)
{
    Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
}
else
{
    Harness.PrintTable(result);
}

return 0;

namespace Workflows.Benchmarks
{
    internal static class Harness
    {
        // The SQLite backend's writer thread (one per database file).
        private const string WriterThreadName = "Workflows SQLite writer";

        public static async Task<BenchmarkResult> RunAsync(BenchmarkOptions options)
        {
            if (options.Workload == "replay")
            {
                return await ReplayAsync(options);
            }

            double? ceiling = StorageCeiling.Measure(options);
            if (options.Backend is "mysql" or "postgres")
            {
                // One schema name for every process of the run.
                options = options with { Schema = options.Schema ?? $"workflows_bench_{Environment.ProcessId}" };
            }

            await using var backend = await BackendFactory.CreateAsync(options);

            // The schema exists before the other processes open it, and they run before the first start.
            await backend.GetStatsAsync();
            await using var others = options.Workers > 1 ? await WorkerProcesses.StartAsync(options, options.Schema!, options.Workers - 1) : null;
            var registry = Workloads.Registry(options);
            await using var worker = new WorkflowWorker(backend, registry, options.WorkerOptions());
            await worker.StartAsync();
            (string workflow, int count, object argument, long activitiesPerWorkflow) = options.Workload switch
            {
                "chain" => ("Chain", options.Count ?? 1000, (object)10, 10L),
                "fanout" => ("FanOut", options.Count ?? 100, 20, 20L),
                "long" => ("Chain", 1, options.LongSteps, (long)options.LongSteps),
                "burst" => ("Chain", options.Count ?? 100_000, 10, 10L),
                "tree" => ("Tree", options.Count ?? 1, options.Depth, (long)Math.Pow(options.Fanout, options.Depth) * options.LeafFanout * options.ActivitiesPerLeaf),
                _ => throw new ArgumentException($"unknown workload '{options.Workload}'"),
            };

            // Warm-up: the same workflows, not measured, until the JIT has moved the hot paths to optimized code (a
            // few thousand workflow tasks; before that a run measures tiered compilation, not the engine).
            int warmup = options.Warmup ?? options.Workload switch { "chain" or "burst" => 3000, "fanout" => 300, "long" => 1, _ => 0 };
            int settleRounds = 0;
            if (warmup > 0)
            {
                var warming = new Progress(options.Workload + " warm-up");
                await Workloads.RunManyAsync(backend, workflow, warmup, argument, warming.Report, options.Starters, idPrefix: "warmup-");
                warming.Done();
                settleRounds = await SettleJitAsync(backend, workflow, Math.Min(warmup, 1000), argument, options);
            }

            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            long commitsBefore = (backend as IBackendCounters)?.Commits ?? 0;
            long pagesBefore = Workflows.Sqlite.SqliteFile.PagesAppended;
            var progress = new Progress(options.Workload);
            string? loadBefore = ProcessCpu.LoadAverage();
            var gcPauseBefore = GC.GetTotalPauseDuration();
            long allocatedBefore = GC.GetTotalAllocatedBytes();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            double? writerCpuBefore = ProcessCpu.ReadThreadsMs(WriterThreadName);
            var threadsBefore = ProcessCpu.ReadThreadsByName();
            long workItemsBefore = ThreadPool.CompletedWorkItemCount;
            long contentionsBefore = Monitor.LockContentionCount;
            double othersCpuBefore = others?.CpuMs() ?? 0;
            double? serverCpuBefore = options.ServerPid is { } serverPid ? ProcessCpu.ReadMs(serverPid) : null;
            var sampler = new RunSampler(RunSampler.WalPathOf(options));
            using var allocationTypes = options.AllocationTypes ? new AllocationTypes() : null;
            allocationTypes?.Start();
            var (seconds, latencies) = await Workloads.RunManyAsync(backend, workflow, count, argument, progress.Report, options.Starters);
            allocationTypes?.Stop();
            sampler.Dispose();
            double? serverCpuMs = options.ServerPid is { } pid && serverCpuBefore is { } sb && ProcessCpu.ReadMs(pid) is { } sa ? sa - sb : null;
            double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds + ((others?.CpuMs() ?? 0) - othersCpuBefore);
            double? writerCpuMs = ProcessCpu.ReadThreadsMs(WriterThreadName) - writerCpuBefore;
            double jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
            var threadCpu = ProcessCpu.ReadThreadsByName()
                .Select(t => (t.Key, Ms: t.Value - threadsBefore.GetValueOrDefault(t.Key)))
                .Where(t => t.Ms > 0)
                .OrderByDescending(t => t.Ms)
                .ToDictionary(t => t.Key, t => Math.Round(t.Ms / count, 3));
            long workItems = ThreadPool.CompletedWorkItemCount - workItemsBefore;
            long contentions = Monitor.LockContentionCount - contentionsBefore;
            double gcPauseMs = (GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds;
            long allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            string? loadAfter = ProcessCpu.LoadAverage();
            progress.Done();
            foreach (var line in allocationTypes?.Report(25) ?? [])
            {
                Console.Error.WriteLine(line);
            }

            long commits = ((backend as IBackendCounters)?.Commits ?? 0) - commitsBefore;
            long walPages = Workflows.Sqlite.SqliteFile.PagesAppended - pagesBefore;
            if (others is not null)
            {
                // The other processes' commits include their idle polls before the first start, a handful each.
                commits += await others.StopAsync();
            }

            var settings = new Dictionary<string, string>
            {
                ["cache"] = options.Cache ? "on" : "off",
                ["cache-size"] = worker.Options.ExecutorCacheSize.ToString(CultureInfo.InvariantCulture),
                ["registration"] = options.Generated ? "generated" : "delegates",
                ["processors"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                ["workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
                ["starters"] = options.Starters.ToString(CultureInfo.InvariantCulture),
                ["warm-up"] = warmup.ToString(CultureInfo.InvariantCulture),
                ["warm-up rounds until the JIT settled"] = settleRounds.ToString(CultureInfo.InvariantCulture),
                ["slots"] = $"{worker.Options.MaxParallelWorkflowTasks}/{worker.Options.MaxParallelActivityTasks}",
                ["pollers"] = $"{worker.Options.WorkflowPollers}/{worker.Options.ActivityPollers}",
                // The process's collector (DOTNET_gcServer=1 or ServerGarbageCollection selects server; ASP.NET Core
                // projects default to it, console and worker-service projects to workstation).
                ["gc"] = (GCSettings.IsServerGC ? "server" : "workstation")
                    + (GCSettings.LatencyMode == GCLatencyMode.Batch ? ", not concurrent" : ""),
            };
            if (options.Workload == "tree")
            {
                settings["shape"] = $"depth {options.Depth}, fanout {options.Fanout}, leaf fanout {options.LeafFanout}, activities per leaf {options.ActivitiesPerLeaf}, result size {options.ResultSize}";
            }

            var result = new BenchmarkResult
            {
                Workload = options.Workload,
                Backend = options.Backend,
                Workflows = count * (options.Workload == "tree" ? SubWorkflowCount(options) : 1),
                Activities = count * activitiesPerWorkflow,
                Seconds = seconds,
                WorkflowsPerSecond = count * (options.Workload == "tree" ? SubWorkflowCount(options) : 1) / seconds,
                ActivitiesPerSecond = count * activitiesPerWorkflow / seconds,
                P50Ms = Workloads.Percentile(latencies, 50),
                P99Ms = Workloads.Percentile(latencies, 99),
                PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
                MeasuredPeakWorkingSetBytes = sampler.PeakWorkingSetBytes,
                PeakManagedHeapBytes = sampler.PeakManagedHeapBytes,
                MaxWalBytes = options.Backend == "sqlite" ? sampler.MaxWalBytes : null,
                Checkpoints = options.Backend == "sqlite" ? sampler.Summarize() : null,
                WalPagesPerWorkflow = options.Backend == "sqlite" ? (double)walPages / count : null,
                StorageCommitsPerSecond = ceiling,
                CommitsPerWorkflow = backend is IBackendCounters ? (double)commits / count : null,
                FractionOfStorageCeiling = ceiling is { } c && backend is IBackendCounters ? commits / seconds / c : null,
                GcPauseMs = gcPauseMs,
                AllocatedBytesPerWorkflow = (double)allocated / count,
                CpuMsPerWorkflow = cpuMs / count,
                ServerCpuMsPerWorkflow = serverCpuMs / count,
                ThreadPoolWorkItemsPerWorkflow = (double)workItems / count,
                LockContentionsPerWorkflow = (double)contentions / count,
                WriterCpuMsPerWorkflow = writerCpuMs / count,
                JitMsPerWorkflow = jitMs / count,
                ThreadCpuMsPerWorkflow = threadCpu,
                WriterBusyFraction = writerCpuMs / 1000 / seconds,
                LoadAverageBefore = loadBefore,
                LoadAverageAfter = loadAfter,
                Settings = settings,
            };

            if (options.Workload == "long")
            {
                var history = await new Client.WorkflowClient(backend).GetHistoryAsync("Chain-0");
                var starts = history.Where(e => e.Type == EventType.WorkflowTaskStarted).Select(e => e.Timestamp).ToList();
                var steps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
                int window = Math.Min(100, steps.Count / 2);
                var sorted = steps.ToList();
                int tenth = Math.Max(1, steps.Count / 10);
                result = result with
                {
                    FirstStepsMsPerStep = steps.Take(window).Average(),
                    LastStepsMsPerStep = steps.Skip(steps.Count - window).Average(),
                    StepP50Ms = Workloads.Percentile(sorted, 50),
                    StepP90Ms = Workloads.Percentile(sorted, 90),
                    StepP99Ms = Workloads.Percentile(sorted, 99),
                    StepMaxMs = sorted[^1],
                    StepMsByTenth = [.. steps.Chunk(tenth).Take(10).Select(c => Math.Round(c.Average(), 4))],
                    SlowSteps = SlowSteps(starts, steps, sampler.Checkpoints, 10),
                };
            }

            return result;
        }

        // The slowest steps, where they fall in the run, and the checkpoints that overlapped them.
        private static List<SlowStep> SlowSteps(List<DateTimeOffset> starts, List<double> steps, IReadOnlyList<Sqlite.CheckpointRecord> checkpoints, int count)
            => [.. steps
                .Select((ms, i) => (ms, i))
                .OrderByDescending(s => s.ms)
                .Take(count)
                .Select(s => new SlowStep(
                    s.i,
                    Math.Round(s.ms, 3),
                    Math.Round((starts[s.i] - starts[0]).TotalMilliseconds, 1),
                    [.. checkpoints
                        .Where(c => c.StartedAt < starts[s.i + 1] && c.StartedAt + c.Duration > starts[s.i])
                        .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Mode} {c.Duration.TotalMilliseconds:N1} ms, {c.CheckpointedFrames}/{c.WalFrames} frames"))]))];

        private static int SubWorkflowCount(BenchmarkOptions options)
        {
            int total = 0;
            for (int level = 0; level <= options.Depth; level++)
            {
                total += (int)Math.Pow(options.Fanout, level);
            }

            return total;
        }

        // W5: a 10,000-event history, replayed cold (a new executor each time, no cache).
        private static async Task<BenchmarkResult> ReplayAsync(BenchmarkOptions options)
        {
            int steps = (options.Count ?? 10_000) / 3;
            var registry = Workloads.Registry(options);
            IReadOnlyList<HistoryEvent> history;
            await using (var backend = new InMemoryBackend())
            {
                await using var worker = new WorkflowWorker(backend, registry);
                await worker.StartAsync();
                var client = new Client.WorkflowClient(backend);
                var handle = await client.StartWorkflowAsync<int>("Chain", new Client.WorkflowOptions { InstanceId = "replay" }, steps);
                await handle.GetResultAsync(TimeSpan.FromMinutes(10));
                history = await handle.GetHistoryAsync();
            }

            var instance = new WorkflowInstance("replay", "e");
            var watch = Stopwatch.StartNew();
            int rounds = 0;
            while (watch.Elapsed < TimeSpan.FromSeconds(3) || rounds < 3)
            {
                var executor = new WorkflowExecutor(instance, registry, JsonPayloadConverter.Default, NullLogger.Instance, TimeProvider.System);
                executor.ReplayOnly(history);
                rounds++;
            }

            double seconds = watch.Elapsed.TotalSeconds;
            return new BenchmarkResult
            {
                Workload = "replay",
                Backend = "none",
                Workflows = rounds,
                Seconds = seconds,
                EventsPerSecond = history.Count * (double)rounds / seconds,
                PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
                Settings = new() { ["events"] = history.Count.ToString(CultureInfo.InvariantCulture) },
            };
        }

        public static void PrintTable(BenchmarkResult r)
        {
            static string F(double? v, string format = "N0") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";
            Console.WriteLine();
            Console.WriteLine($"settings: {string.Join(", ", r.Settings.Select(kv => kv.Key + " " + kv.Value))}");
            Console.WriteLine($"load average: {r.LoadAverageBefore ?? "—"} before, {r.LoadAverageAfter ?? "—"} after");
            Console.WriteLine($"| workload | backend | workflows | seconds | workflows/s | activities/s | p50 ms | p99 ms | peak WS MiB | commits/wf | storage commits/s | of ceiling | GC pause | alloc KB/wf | CPU ms/wf | server CPU ms/wf | pool items/wf |");
            Console.WriteLine($"|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            Console.WriteLine($"| {r.Workload} | {r.Backend} | {r.Workflows} | {F(r.Seconds, "N2")} | {F(r.WorkflowsPerSecond)} | {F(r.ActivitiesPerSecond)} | {F(r.P50Ms, "N1")} | {F(r.P99Ms, "N1")} | {F(r.PeakWorkingSetBytes / 1048576.0, "N0")} | {F(r.CommitsPerWorkflow, "N1")} | {F(r.StorageCommitsPerSecond)} | {F(r.FractionOfStorageCeiling, "P0")} | {F(r.GcPauseMs / 1000 / r.Seconds, "P0")} | {F(r.AllocatedBytesPerWorkflow / 1024, "N0")} | {F(r.CpuMsPerWorkflow, "N2")} | {F(r.ServerCpuMsPerWorkflow, "N2")} | {F(r.ThreadPoolWorkItemsPerWorkflow, "N1")} |");
            if (r.FirstStepsMsPerStep is not null)
            {
                Console.WriteLine($"per step: first 100 {F(r.FirstStepsMsPerStep, "N3")} ms, last 100 {F(r.LastStepsMsPerStep, "N3")} ms; p50 {F(r.StepP50Ms, "N3")}, p90 {F(r.StepP90Ms, "N3")}, p99 {F(r.StepP99Ms, "N3")}, max {F(r.StepMaxMs, "N3")} ms");
                Console.WriteLine($"per tenth of the run: {string.Join(" ", r.StepMsByTenth!.Select(v => F(v, "N3")))} ms");
                foreach (var slow in r.SlowSteps!)
                {
                    Console.WriteLine($"  step {slow.Step} at {F(slow.AtMs, "N0")} ms: {F(slow.Ms, "N2")} ms {string.Join("; ", slow.Checkpoints)}");
                }
            }

            if (r.MaxWalBytes is not null)
            {
                Console.WriteLine($"WAL max {F(r.MaxWalBytes / 1048576.0, "N1")} MiB; measured run: peak working set {F(r.MeasuredPeakWorkingSetBytes / 1048576.0, "N0")} MiB, managed heap {F(r.PeakManagedHeapBytes / 1048576.0, "N0")} MiB");
                foreach (var (kind, c) in r.Checkpoints!)
                {
                    Console.WriteLine($"  checkpoints {kind}: {c.Count}, {F(c.TotalMs, "N0")} ms in all, longest {F(c.MaxMs, "N1")} ms, largest WAL {c.MaxWalFrames} frames, {c.Incomplete} incomplete");
                }
            }

            if (r.EventsPerSecond is not null)
            {
                Console.WriteLine($"replay: {F(r.EventsPerSecond)} events/s over {r.Workflows} cold replays of {r.Settings["events"]} events");
            }
        }

        // A fixed warm-up did not leave the JIT idle: tiered compilation (with its instrumented tier) went on moving hot
        // methods up during the measured run, and in SQLite W1's default run after 3,000 warm-up chains it took 0.5-0.74
        // of 1.8 CPU-ms per workflow (docs/benchmarks.md, "Round two, part twelve"). So more rounds of the same workload
        // follow, each of the warm-up's size up to 1,000 instances, until two in a row in which the JIT compiled for
        // less than 2 % of their wall-clock time (it works in bursts), or MaxSettleRounds. They run with the measured
        // run's sampler, whose own code the JIT otherwise compiled during the measured run. The measured run reports
        // what the JIT still took (jitMsPerWorkflow).
        private const int MaxSettleRounds = 10;

        private static async Task<int> SettleJitAsync(IBackend backend, string workflow, int count, object argument, BenchmarkOptions options)
        {
            int quiet = 0;
            for (int round = 1; round <= MaxSettleRounds; round++)
            {
                var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
                var watch = Stopwatch.StartNew();
                using (new RunSampler(RunSampler.WalPathOf(options)))
                {
                    await Workloads.RunManyAsync(backend, workflow, count, argument, static (_, _) => { }, options.Starters, idPrefix: $"settle{round}-");
                }

                double jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
                double share = jitMs / watch.Elapsed.TotalMilliseconds;
                Console.Error.WriteLine($"warm-up round {round} ({count}): the JIT compiled for {jitMs:N0} ms in {watch.Elapsed.TotalSeconds:N2} s ({share:P1})");
                quiet = share < 0.02 ? quiet + 1 : 0;
                if (quiet == 2)
                {
                    return round;
                }
            }

            return MaxSettleRounds;
        }
    }

    /// <summary>A live progress line on standard error, so --json output stays clean.</summary>
    internal sealed class Progress(string label)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _lastPrint;

        public void Report(int done, int total)
        {
            if (_watch.ElapsedMilliseconds - _lastPrint < 250)
            {
                return;
            }

            _lastPrint = _watch.ElapsedMilliseconds;
            Console.Error.Write($"\r{label}: {done}/{total} finished, {_watch.Elapsed.TotalSeconds:N1} s   ");
        }

        public void Done() => Console.Error.WriteLine($"\r{label}: done in {_watch.Elapsed.TotalSeconds:N2} s            ");
    }
}
