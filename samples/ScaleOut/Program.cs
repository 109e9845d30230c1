// Scale-out: separate starter and worker processes sharing one database. Without a mode this program starts two
// worker processes and one starter process (itself, in other modes), relays their output, and stops the workers when
// the starter is done. Any number of workers can poll the same database; each workflow task runs on exactly one.
// Run: dotnet run --project samples/ScaleOut [-- --workers 2 --count 8 --backend sqlite|mysql|postgres --connection "..."]
//   worker mode:  ScaleOut worker --name worker-1 [backend options]   (runs until its standard input closes)
//   starter mode: ScaleOut starter --count 8 [backend options]
using System.Diagnostics;
using ScaleOut;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

string mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "run";
string[] options = mode == "run" ? args : args[1..];
int count = int.Parse(SampleBackend.Option(options, "--count") ?? "8", System.Globalization.CultureInfo.InvariantCulture);

switch (mode)
{
    case "worker":
        await RunWorkerAsync(options, SampleBackend.Option(options, "--name") ?? $"worker-{Environment.ProcessId}");
        break;
    case "starter":
        await RunStarterAsync(options, count);
        break;
    default:
        await RunAllAsync(options, count);
        break;
}

static async Task RunWorkerAsync(string[] options, string name)
{
    await using var sample = SampleBackend.Open(options, "scale-out");
    var registry = new WorkflowRegistry().AddGeneratedWorkflows(new ItemActivities(name));
    await using var worker = new WorkflowWorker(sample.Backend, registry, new WorkflowWorkerOptions { MaxParallelActivityTasks = 2 });
    await worker.StartAsync();
    Console.WriteLine($"{name} started (process {Environment.ProcessId})");
    await Console.In.ReadToEndAsync();   // the parent closes our standard input to stop us
    await worker.StopAsync();
    Console.WriteLine($"{name} stopped");
}

static async Task RunStarterAsync(string[] options, int count)
{
    await using var sample = SampleBackend.Open(options, "scale-out");
    var client = new WorkflowClient(sample.Backend);
    string batch = SampleBackend.NewId("batch");
    var handles = new List<WorkflowHandle<string>>();
    for (int i = 1; i <= count; i++)
    {
        handles.Add(await client.StartProcessItemAsync(i, new WorkflowOptions { InstanceId = $"{batch}-{i}" }));
    }

    Console.WriteLine($"starter started {count} workflows");
    string[] results = await Task.WhenAll(handles.Select(h => h.GetResultAsync(TimeSpan.FromSeconds(60))));
    foreach (string result in results)
    {
        Console.WriteLine(result);
    }

    var perWorker = results.GroupBy(r => r[(r.LastIndexOf(' ') + 1)..]).OrderBy(g => g.Key, StringComparer.Ordinal);
    Console.WriteLine($"starter: all {count} workflows finished; activities per worker: {string.Join(", ", perWorker.Select(g => $"{g.Key}={g.Count()}"))}");
}

static async Task RunAllAsync(string[] options, int count)
{
    if (SampleBackend.Option(options, "--backend") == "memory")
    {
        throw new ArgumentException("Scale-out needs a database the processes share: use sqlite, mysql or postgres.");
    }

    // One SQLite file for all processes, unless a server (or a kept --db file) was given.
    string? temporary = null;
    if ((SampleBackend.Option(options, "--backend") ?? "sqlite") == "sqlite" && SampleBackend.Option(options, "--db") is null)
    {
        temporary = Path.Combine(Path.GetTempPath(), $"workflows-scale-out-{Environment.ProcessId}.db");
        options = [.. options, "--db", temporary];
    }

    // Create the schema once, before several processes open the database.
    await using (var shared = SampleBackend.Open(options, "scale-out"))
    {
        Console.WriteLine($"Running on {shared.Description}, shared by every process");
    }

    int workers = int.Parse(SampleBackend.Option(options, "--workers") ?? "2", System.Globalization.CultureInfo.InvariantCulture);
    var workerProcesses = Enumerable.Range(1, workers).Select(i => Launch($"worker-{i}", ["worker", "--name", $"worker-{i}", .. options])).ToList();
    using var starter = Launch("starter", ["starter", "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options]);
    await starter.WaitForExitAsync();

    foreach (var worker in workerProcesses)
    {
        worker.StandardInput.Close();
    }

    foreach (var worker in workerProcesses)
    {
        await worker.WaitForExitAsync();
        worker.Dispose();
    }

    if (temporary is not null)
    {
        SampleBackend.DeleteSqliteFiles(temporary);
    }

    Console.WriteLine(starter.ExitCode == 0 ? "Scale-out run complete" : $"The starter failed with exit code {starter.ExitCode}");
}

// Runs this same program in another mode: through `dotnet exec` when we were started that way, else the app host.
static Process Launch(string label, string[] arguments)
{
    string host = Environment.ProcessPath!;
    var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
    if (Path.GetFileNameWithoutExtension(host) == "dotnet")
    {
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(ItemActivities).Assembly.Location);
    }

    foreach (string argument in arguments)
    {
        start.ArgumentList.Add(argument);
    }

    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) => Relay(label, e.Data);
    process.ErrorDataReceived += (_, e) => Relay(label, e.Data);
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static void Relay(string label, string? line)
{
    if (line is not null)
    {
        Console.WriteLine($"[{label}] {line}");
    }
}
