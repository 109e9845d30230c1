namespace Workflows.Benchmarks;

/// <summary>Command-line options of the throughput harness.</summary>
internal sealed record BenchmarkOptions
{
    public required string Workload { get; init; }
    public string Backend { get; init; } = "memory";
    public int? Count { get; init; }
    public bool Json { get; init; }
    public string? Connection { get; init; }
    /// <summary>Registers Chain, FanOut and Step through the source generator, as users do, instead of as delegates (reflection).</summary>
    public bool Generated { get; init; }

    public string DatabasePath { get; init; } = Path.Combine(Path.GetTempPath(), $"workflows-bench-{Environment.ProcessId}.db");
    public int Depth { get; init; } = 2;
    public int Fanout { get; init; } = 2;
    public int LeafFanout { get; init; } = 2;
    public int ActivitiesPerLeaf { get; init; } = 2;
    public int ResultSize { get; init; } = 100;
    public bool Cache { get; init; } = true;

    /// <summary>The executor cache's capacity (<c>--cache-size</c>); the worker's default when null.</summary>
    public int? CacheSize { get; init; }

    /// <summary>W3: steps of the long chain (<c>--steps</c>, or <c>--count</c> as before); 1,000 by default.</summary>
    public int? Steps { get; init; }

    public int LongSteps => Steps ?? Count ?? 1000;

    /// <summary>Worker processes in the run: this one plus <c>Workers - 1</c> copies started in worker-only mode.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Start calls in flight at once; 1 starts the instances one after another.</summary>
    public int Starters { get; init; } = 64;

    /// <summary>
    /// Instances run (and not measured) before the measured ones, so the measured run meets compiled code as a
    /// long-running worker does; null for the workload's default, 0 for a cold run.
    /// </summary>
    public int? Warmup { get; init; }

    /// <summary>Worker parallelism and pollers; null keeps the worker's defaults.</summary>
    public int? MaxWorkflowTasks { get; init; }

    public int? MaxActivities { get; init; }

    public int? Pollers { get; init; }

    /// <summary>Runs on the SQLite file as it is (W6 `aged`: after fill-aged) instead of a fresh one.</summary>
    public bool KeepDatabase { get; init; }

    /// <summary>The database server's process id, whose CPU time (children included) the run reports; null if not known.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Print the types the measured run allocates to stderr (<see cref="AllocationTypes"/>).</summary>
    public bool AllocationTypes { get; init; }

    /// <summary>The MySQL schema to use; by default a fresh one named after this process.</summary>
    public string? Schema { get; init; }

    /// <summary>The options of every worker of the run: the worker's defaults unless given on the command line.</summary>
    public Worker.WorkflowWorkerOptions WorkerOptions()
    {
        var defaults = new Worker.WorkflowWorkerOptions();
        return new Worker.WorkflowWorkerOptions
        {
            EnableExecutorCache = Cache,
            ExecutorCacheSize = CacheSize ?? defaults.ExecutorCacheSize,
            MaxParallelWorkflowTasks = MaxWorkflowTasks ?? defaults.MaxParallelWorkflowTasks,
            MaxParallelActivityTasks = MaxActivities ?? defaults.MaxParallelActivityTasks,
            WorkflowPollers = Pollers ?? defaults.WorkflowPollers,
            ActivityPollers = Pollers ?? defaults.ActivityPollers,
        };
    }

    public static BenchmarkOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            throw new ArgumentException("usage: <chain|fanout|long|burst|tree|replay|micro|worker|fill-aged|list-cost> [--backend memory|sqlite|mysql|postgres] [--count N] [--steps N] [--json] [--connection S] [--db PATH] [--no-cache] [--cache-size N] [--generated] [--workers N] [--starters N] [--warmup N] [--max-workflow-tasks N] [--max-activities N] [--pollers N] [--schema NAME] [--server-pid PID] [--keep-db] [--alloc-types] [--depth D --fanout F --leaf-fanout L --activities A --result-size B]");
        }

        var options = new BenchmarkOptions { Workload = args[0] };
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--backend" => options with { Backend = Next() },
                "--count" => options with { Count = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--steps" => options with { Steps = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--json" => options with { Json = true },
                "--connection" => options with { Connection = Next() },
                "--db" => options with { DatabasePath = Next() },
                "--no-cache" => options with { Cache = false },
                "--cache-size" => options with { CacheSize = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--generated" => options with { Generated = true },
                "--workers" => options with { Workers = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--starters" => options with { Starters = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--max-workflow-tasks" => options with { MaxWorkflowTasks = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--max-activities" => options with { MaxActivities = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--pollers" => options with { Pollers = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--schema" => options with { Schema = Next() },
                "--keep-db" => options with { KeepDatabase = true },
                "--alloc-types" => options with { AllocationTypes = true },
                "--server-pid" => options with { ServerPid = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--depth" => options with { Depth = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--fanout" => options with { Fanout = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--leaf-fanout" => options with { LeafFanout = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--activities" => options with { ActivitiesPerLeaf = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--result-size" => options with { ResultSize = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.Warmup < 0)
        {
            throw new ArgumentException("--warmup N: N >= 0");
        }

        if (options.Starters < 1)
        {
            throw new ArgumentException("--starters N: N >= 1");
        }

        if (options.Workers < 1 || (options.Workers > 1 && options.Backend is not ("mysql" or "postgres")))
        {
            throw new ArgumentException("--workers N: N >= 1; more than one worker process needs --backend mysql or postgres (one database shared by processes)");
        }

        return options;
    }
}
