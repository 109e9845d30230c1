using System.Diagnostics;
using System.Globalization;
using Workflows.Backends;
using Workflows.Worker;

namespace Workflows.Benchmarks;

/// <summary>
/// Extra worker processes for a run against a shared database: copies of this program in worker-only mode
/// (<c>worker --backend mysql|postgres --connection S --schema NAME</c>), each polling the same schema as the measuring
/// process. A copy prints "ready" once its worker runs, stops when its standard input closes, and prints its commit
/// count last, so the run can report commits per workflow over all processes.
/// </summary>
internal sealed class WorkerProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    public static async Task<WorkerProcesses> StartAsync(BenchmarkOptions options, string schema, int count)
    {
        var workers = new WorkerProcesses();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var start = new ProcessStartInfo
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };

                // Run the same build: the apphost directly, or through the dotnet host when started as "dotnet x.dll".
                string host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
                start.FileName = host;
                if (Path.GetFileNameWithoutExtension(host) == "dotnet")
                {
                    start.ArgumentList.Add(typeof(WorkerProcesses).Assembly.Location);
                }

                foreach (string arg in (string[])["worker", "--backend", options.Backend, "--connection", options.Connection!, "--schema", schema])
                {
                    start.ArgumentList.Add(arg);
                }

                if (!options.Cache)
                {
                    start.ArgumentList.Add("--no-cache");
                }

                foreach (var (name, value) in (ReadOnlySpan<(string, int?)>)[("--max-workflow-tasks", options.MaxWorkflowTasks), ("--max-activities", options.MaxActivities), ("--pollers", options.Pollers), ("--cache-size", options.CacheSize)])
                {
                    if (value is { } n)
                    {
                        start.ArgumentList.Add(name);
                        start.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
                workers._processes.Add(process);
            }

            foreach (var process in workers._processes)
            {
                string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
                if (line != "ready")
                {
                    throw new InvalidOperationException($"worker process {process.Id} did not start: {line ?? "(exited)"}");
                }
            }

            return workers;
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }
    }

    /// <summary>The CPU time the copies have used so far, read from /proc (0 where it cannot be read).</summary>
    public double CpuMs() => _processes.Sum(p => ProcessCpu.ReadMs(p.Id) ?? 0);

    /// <summary>Stops every copy and returns the sum of the commits they reported.</summary>
    public async Task<long> StopAsync()
    {
        long commits = 0;
        foreach (var process in _processes)
        {
            process.StandardInput.Close();
        }

        foreach (var process in _processes)
        {
            string rest = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            foreach (string line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith("commits ", StringComparison.Ordinal))
                {
                    commits += long.Parse(line["commits ".Length..], CultureInfo.InvariantCulture);
                }
            }
        }

        return commits;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _processes.Clear();
    }

    /// <summary>Worker-only mode: runs a worker on the shared schema until standard input closes.</summary>
    public static async Task<int> RunWorkerAsync(BenchmarkOptions options)
    {
        await using var backend = await BackendFactory.CreateAsync(options);
        var registry = Workloads.Registry(options);
        long commits;
        await using (var worker = new WorkflowWorker(backend, registry, options.WorkerOptions()))
        {
            await worker.StartAsync();
            Console.WriteLine("ready");
            await Console.In.ReadToEndAsync();
            await worker.StopAsync();
            commits = (backend as IBackendCounters)?.Commits ?? 0;
        }

        Console.WriteLine($"commits {commits.ToString(CultureInfo.InvariantCulture)}");
        return 0;
    }
}
