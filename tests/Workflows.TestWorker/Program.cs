// A worker process for multi-process tests: polls one SQLite file, or one MySQL/MariaDB or PostgreSQL schema, until a stop file
// appears or a time is up.
//
//   Workflows.TestWorker <db-path> <worker-name> [options]
//   Workflows.TestWorker --backend mysql|postgres --connection <connection-string> <worker-name> [options]
//
//   options: [--stop-file <path>] [--run-for <seconds>] [--synchronous full|normal] [--lock-timeout <seconds>]
//            [--pollers <n>] [--journal <path>] [--fault <point> --fault-after <n> [--fault-action kill|freeze]]
//            [--spans <path>]
//            [--clock-offset <seconds>] [--max-threads <n>]
//
// --journal appends one line per activity execution (its idempotency key) to a file, so a test can count
// re-executions across processes. --fault kills this process (SIGKILL, no clean-up) at the n-th hit of a named
// fault point (see FaultPoints in the core), and prints "fault <point>" first; with --fault-action freeze it stops
// itself there instead (SIGSTOP), after printing "frozen <point>", and carries on from that point when a test sends
// SIGCONT, as a worker paused by its machine would; SIGTSTP freezes it the same way wherever it is. --spans appends
// one line per ended Workflows span ("<trace id> <span id> <parent span id> <name>"), so a test can follow a trace
// across processes.
// --clock-offset moves the worker's wall clock (not the backend's) by that many seconds, as on a machine whose clock
// is off. --max-threads caps the thread pool, so blocking activities starve it.
//
// Prints "ready <name>" once polling, "log <event id> <message>" for each warning or error of the worker, and
// "done <name> activities=<n>" when it stops.
using System.Globalization;
using Workflows;
using Workflows.Backends;
using Workflows.Client;
using Workflows.MySql;
using Workflows.Postgres;
using Workflows.Sqlite;
using Workflows.TestWorker;
using Workflows.Worker;

const string Usage = "usage: Workflows.TestWorker <db-path> <worker-name> | --backend mysql|postgres --connection <cs> <worker-name>  [--stop-file <path>] [--run-for <seconds>] [--synchronous full|normal] [--lock-timeout <seconds>] [--pollers <n>] [--client-start <id>:<n>] [--client-signal <id>:<request-id>:<value>]";

var positional = new List<string>();
string backendKind = "sqlite";
string? connection = null;
string? stopFile = null;
TimeSpan runFor = TimeSpan.FromMinutes(5);
var synchronous = SqliteSynchronousMode.Full;
var backendOptions = new BackendOptions();
int pollers = 2;
string? faultPoint = null;
int faultAfter = 1;
bool faultFreezes = false;
SemaphoreSlim? sqliteWriterGate = null; // set once a SQLite backend is open
string? clientStart = null;
string? clientSignal = null;
TimeSpan? clockOffset = null;
for (int i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        positional.Add(args[i]);
        continue;
    }

    if (i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"option {args[i]} needs a value\n{Usage}");
        return 2;
    }

    string value = args[++i];
    switch (args[i - 1])
    {
        case "--backend":
            backendKind = value;
            break;
        case "--connection":
            connection = value;
            break;
        case "--stop-file":
            stopFile = value;
            break;
        case "--run-for":
            runFor = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
            break;
        case "--lock-timeout":
            var lease = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
            backendOptions = backendOptions with { WorkflowLockTimeout = lease, ActivityLockTimeout = lease };
            break;
        case "--synchronous":
            synchronous = Enum.Parse<SqliteSynchronousMode>(value, ignoreCase: true);
            break;
        case "--pollers":
            pollers = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--journal":
            TestWorkflows.JournalPath = value;
            break;
        case "--spans":
            SpanFile.Start(value);
            break;
        case "--fault":
            faultPoint = value;
            break;
        case "--fault-after":
            faultAfter = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--fault-action":
            faultFreezes = value switch
            {
                "kill" => false,
                "freeze" => true,
                _ => throw new ArgumentException($"--fault-action takes kill or freeze, not '{value}'"),
            };
            break;
        case "--client-start":
            clientStart = value;
            break;
        case "--client-signal":
            clientSignal = value;
            break;
        case "--clock-offset":
            clockOffset = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));
            break;
        case "--max-threads":
            int threads = int.Parse(value, CultureInfo.InvariantCulture);
            ThreadPool.SetMinThreads(1, 1);
            if (!ThreadPool.SetMaxThreads(threads, threads))
            {
                Console.Error.WriteLine($"cannot cap the thread pool at {threads} threads");
                return 2;
            }

            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i - 1]}\n{Usage}");
            return 2;
    }
}

if (faultPoint is not null)
{
    if (!FaultPoints.All.Contains(faultPoint))
    {
        Console.Error.WriteLine($"unknown fault point {faultPoint}; known: {string.Join(", ", FaultPoints.All)}");
        return 2;
    }

    int hits = 0;
    FaultPoints.Hook = point =>
    {
        if (point != faultPoint || Interlocked.Increment(ref hits) != faultAfter)
        {
            return;
        }

        if (faultFreezes)
        {
            FreezeSelf(point);
            return;
        }

        Console.Out.WriteLine($"fault {point}");
        Console.Out.Flush();
        System.Diagnostics.Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    };
}

IBackend backend;
string name;
switch (backendKind)
{
    case "sqlite" when positional.Count == 2:
        var sqlite = SqliteBackend.Open(positional[0], new SqliteBackendOptions { Synchronous = synchronous, Backend = backendOptions });
        sqliteWriterGate = sqlite.WriterGate;
        backend = sqlite;
        name = positional[1];
        break;
    case "mysql" when positional.Count == 1 && connection is not null:
        name = positional[0];
        backend = MySqlBackend.Open(connection, new MySqlBackendOptions { Backend = backendOptions, WorkerName = name });
        break;
    case "postgres" when positional.Count == 1 && connection is not null:
        name = positional[0];
        backend = PostgresBackend.Open(connection, new PostgresBackendOptions { Backend = backendOptions, WorkerName = name });
        break;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

await using (backend)
{
    // Client mode: one start or one signal from a process of its own, which a fault point may kill after the
    // commit and before the call returns.
    if (clientStart is not null || clientSignal is not null)
    {
        var client = new WorkflowClient(backend);
        if (clientStart?.Split(':') is [string startId, string n])
        {
            await client.StartWorkflowAsync(TestWorkflows.Mixed, new WorkflowOptions { InstanceId = startId }, int.Parse(n, CultureInfo.InvariantCulture));
        }

        if (clientSignal?.Split(':') is [string signalId, string requestId, string signalValue])
        {
            await client.SignalWorkflowAsync(signalId, TestWorkflows.GoSignal, int.Parse(signalValue, CultureInfo.InvariantCulture), requestId);
        }

        Console.WriteLine($"client done {name}");
        return 0;
    }

    // SIGTERM stops the worker gracefully, as a service manager or a container runtime asks: polling ends, work in
    // flight finishes and commits, then the process exits 0.
    using var terminated = new CancellationTokenSource();
    using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        Console.WriteLine($"stopping {name} on SIGTERM");
        Console.Out.Flush();
        terminated.Cancel();
    });

    // SIGTSTP freezes the worker where it is, as a machine that pauses it would, but between two of its write
    // transactions (see FreezeSelf).
    using var sigtstp = OperatingSystem.IsWindows() ? null : System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTSTP, context =>
    {
        context.Cancel = true;
        FreezeSelf("SIGTSTP");
    });

    var registry = new WorkflowRegistry()
        .AddWorkflow(TestWorkflows.Compute, TestWorkflows.ComputeAsync)
        .AddWorkflow(TestWorkflows.Mixed, TestWorkflows.MixedAsync)
        .AddActivity(TestWorkflows.Square, TestWorkflows.SquareActivity)
        .AddActivity(TestWorkflows.Add, TestWorkflows.AddActivity)
        .AddWorkflow(TestWorkflows.Blocking, TestWorkflows.BlockingAsync)
        .AddActivity(TestWorkflows.Block, TestWorkflows.BlockActivity);
    var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        LoggerFactory = new ConsoleLoggerFactory(),
        WorkflowPollers = pollers,
        ActivityPollers = pollers,
        TimeProvider = clockOffset is { } offset ? new OffsetClock(offset) : null,
    });
    await worker.StartAsync();
    Console.WriteLine($"ready {name}");

    var deadline = DateTime.UtcNow + runFor;
    while (DateTime.UtcNow < deadline && (stopFile is null || !File.Exists(stopFile)) && !terminated.IsCancellationRequested)
    {
        await Task.Delay(50);
    }

    await worker.DisposeAsync();
}

Console.WriteLine($"done {name} activities={TestWorkflows.ActivityCount}");
return 0;

// Stops this process (SIGSTOP) between two write transactions of its SQLite writer, and carries on once it gets
// SIGCONT. Frozen inside a transaction it would keep the file's write lock, and every other process's writes would
// wait for it until they gave up: a limit of one file shared by processes, not what the freeze scenarios test. The
// freezing fault points and the SIGTSTP handler are all outside the writer, so the gate comes free within one
// transaction.
void FreezeSelf(string what)
{
    var gate = sqliteWriterGate;
    if (gate is not null && !gate.Wait(TimeSpan.FromSeconds(60)))
    {
        Console.Out.WriteLine($"cannot freeze at {what}: the SQLite writer never came free");
        Console.Out.Flush();
        Environment.Exit(3);
    }

    try
    {
        Console.Out.WriteLine($"frozen {what}");
        Console.Out.Flush();
        using var stopSelf = System.Diagnostics.Process.Start("kill", ["-STOP", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        stopSelf.WaitForExit();
    }
    finally
    {
        gate?.Release();
    }
}
