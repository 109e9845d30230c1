using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Workflows.PeerBenchmarks;

// W1 (chain) on a peer engine, shaped as tests/Workflows.Benchmarks runs it on ours: N instances of 10 sequential
// trivial activities, all started at once (64 start calls in flight), measured from the first start to the last
// completion, after an unmeasured warm-up of the same workload.
//   dotnet run -c Release --project tests/Workflows.PeerBenchmarks -- durabletask|workflowcore [--count 1000] [--warmup 300] [--json]
const int Steps = 10;
const int Starters = 64;
string? engineName = null;
int count = 1000;
int warmup = 300;
bool json = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--count":
            count = PositiveInt(args, ++i, "--count");
            break;
        case "--warmup":
            warmup = i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int w) && w >= 0
                ? w
                : throw new ArgumentException("--warmup needs a whole number of instances, 0 or more");
            i++;
            break;
        case "--json":
            json = true;
            break;
        case "durabletask" or "workflowcore" when engineName is null:
            engineName = args[i];
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'");
            Console.Error.WriteLine("usage: durabletask|workflowcore [--count 1000] [--warmup 300] [--json]");
            return 2;
    }
}

if (engineName is null)
{
    Console.Error.WriteLine("usage: durabletask|workflowcore [--count 1000] [--warmup 300] [--json]");
    return 2;
}

await using IPeerEngine engine = engineName == "durabletask" ? await DurableTaskChain.StartAsync() : WorkflowCoreChain.Start();
if (warmup > 0)
{
    Console.Error.WriteLine($"{engine.Name}: warm-up, {warmup} chains");
    await engine.RunAsync("warmup-", warmup, Steps, Starters);
}

Console.Error.WriteLine($"{engine.Name}: {count} chains");
long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var watch = Stopwatch.StartNew();
await engine.RunAsync("run-", count, Steps, Starters);
double seconds = watch.Elapsed.TotalSeconds;
double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var result = new PeerResult
{
    Engine = engine.Name,
    Workflows = count,
    Activities = (long)count * Steps,
    Seconds = seconds,
    WorkflowsPerSecond = count / seconds,
    ActivitiesPerSecond = (double)count * Steps / seconds,
    CpuMsPerWorkflow = cpuMs / count,
    AllocatedBytesPerWorkflow = (double)allocated / count,
    PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
    Warmup = warmup,
    Settings = engine.Settings,
};

if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(result));
}
else
{
    static string F(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);
    Console.WriteLine();
    Console.WriteLine($"settings: warm-up {warmup}, starters {Starters}{string.Concat(result.Settings.Select(kv => $", {kv.Key} {kv.Value}"))}");
    Console.WriteLine("| engine | workflows | seconds | workflows/s | activities/s | CPU ms/wf | alloc KB/wf | peak WS MiB |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|");
    Console.WriteLine($"| {result.Engine} | {count} | {F(seconds, "N2")} | {F(result.WorkflowsPerSecond)} | {F(result.ActivitiesPerSecond)} | {F(result.CpuMsPerWorkflow, "N2")} | {F(result.AllocatedBytesPerWorkflow / 1024)} | {F(result.PeakWorkingSetBytes / 1048576.0)} |");
}

return 0;

static int PositiveInt(string[] args, int index, string name) =>
    index < args.Length && int.TryParse(args[index], CultureInfo.InvariantCulture, out int value) && value > 0
        ? value
        : throw new ArgumentException($"{name} needs a whole number above 0");
