// A worker process for multi-process tests: polls one SQLite file until a stop file appears or a time is up.
//
//   Workflows.TestWorker <db-path> <worker-name> [--stop-file <path>] [--run-for <seconds>] [--synchronous full|normal]
//                        [--lock-timeout <seconds>]
//
// Prints "ready <name>" once polling, and "done <name> activities=<n>" when it stops.
using System.Globalization;
using Workflows;
using Workflows.Backends;
using Workflows.Sqlite;
using Workflows.TestWorker;
using Workflows.Worker;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Workflows.TestWorker <db-path> <worker-name> [--stop-file <path>] [--run-for <seconds>] [--synchronous full|normal] [--lock-timeout <seconds>]");
    return 2;
}

string dbPath = args[0];
string name = args[1];
string? stopFile = null;
TimeSpan runFor = TimeSpan.FromMinutes(5);
var synchronous = SqliteSynchronousMode.Full;
var backendOptions = new BackendOptions();
for (int i = 2; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--stop-file":
            stopFile = args[i + 1];
            break;
        case "--run-for":
            runFor = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
            break;
        case "--lock-timeout":
            var lease = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture));
            backendOptions = backendOptions with { WorkflowLockTimeout = lease, ActivityLockTimeout = lease };
            break;
        case "--synchronous":
            synchronous = Enum.Parse<SqliteSynchronousMode>(args[i + 1], ignoreCase: true);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

await using var backend = SqliteBackend.Open(dbPath, new SqliteBackendOptions { Synchronous = synchronous, Backend = backendOptions });
var registry = new WorkflowRegistry()
    .AddWorkflow(TestWorkflows.Compute, TestWorkflows.ComputeAsync)
    .AddActivity(TestWorkflows.Square, TestWorkflows.SquareActivity)
    .AddActivity(TestWorkflows.Add, TestWorkflows.AddActivity);
var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
{
    PollInterval = TimeSpan.FromMilliseconds(50),
    WorkflowPollers = 2,
    ActivityPollers = 2,
});
await worker.StartAsync();
Console.WriteLine($"ready {name}");

var deadline = DateTime.UtcNow + runFor;
while (DateTime.UtcNow < deadline && (stopFile is null || !File.Exists(stopFile)))
{
    await Task.Delay(50);
}

await worker.DisposeAsync();
Console.WriteLine($"done {name} activities={TestWorkflows.ActivityCount}");
return 0;
