using Simple;
using Workflows;
using Workflows.Backends;
using Workflows.Client;
using Workflows.MySql;
using Workflows.Postgres;
using Workflows.Sqlite;
using Workflows.Worker;

// The seed workflow: two activities, one of them reading state shared across calls.
// Usage: dotnet run --project samples/Simple [-- --backend sqlite|mysql|postgres|memory] [--db workflows.db] [--connection "..."]
string backendName = Option(args, "--backend") ?? "sqlite";
await using IBackend backend = backendName switch
{
    // The embedded default: a SQLite file in the working directory, kept between runs.
    "sqlite" => SqliteBackend.Open(Option(args, "--db") ?? "workflows.db"),
    "mysql" => MySqlBackend.Open(
        Option(args, "--connection") ?? throw new ArgumentException("--backend mysql needs --connection \"Server=...;User ID=...;Database=...\""),
        new MySqlBackendOptions { SchemaName = Option(args, "--schema") ?? "workflows" }),
    "postgres" => PostgresBackend.Open(
        Option(args, "--connection") ?? throw new ArgumentException("--backend postgres needs --connection \"Host=...;Username=...;Database=...\""),
        new PostgresBackendOptions { SchemaName = Option(args, "--schema") ?? "workflows" }),
    "memory" => new InMemoryBackend(),
    _ => throw new ArgumentException($"Unknown backend '{backendName}': use sqlite, mysql, postgres or memory."),
};

var act = new SimpleActivities { SharedState = 12 };

// Generated: registers Workflow1 and binds the activities to this one instance.
var registry = new WorkflowRegistry().AddGeneratedWorkflows(act);

await using var worker = new WorkflowWorker(backend, registry);
await worker.StartAsync();

var client = new WorkflowClient(backend);
var handle = await client.StartWorkflow1Async("Hello world", new WorkflowOptions { InstanceId = $"simple-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}" });
Console.WriteLine($"Started workflow instance {handle.InstanceId} on the {backendName} backend");

int result = await handle.GetResultAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"Workflow finished. Result: {result}");

await worker.StopAsync();

// The history is durable: every run adds one instance, and earlier ones are still there.
var earlier = new List<string>();
string? cursor = null;
do
{
    var page = await client.ListWorkflowsAsync(new InstanceQuery { PageSize = 100, Cursor = cursor });
    earlier.AddRange(page.Instances.Select(i => i.Instance.InstanceId).Where(id => id != handle.InstanceId));
    cursor = page.NextCursor;
}
while (cursor is not null);
Console.WriteLine(earlier.Count == 0
    ? "This is the first instance in this database; run again to see it kept."
    : $"Earlier instances still in the database: {earlier.Count} (newest: {earlier[0]})");

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
