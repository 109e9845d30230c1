using Microsoft.Extensions.Logging;
using Workflows;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Worker;
using Simple;

// The seed workflow: two activities, one of them reading state shared across calls.
await using var backend = new InMemoryBackend();

var act = new SimpleActivities { SharedState = 12 };
// Generated: registers Workflow1 and binds the activities to this one instance.
var registry = new WorkflowRegistry().AddGeneratedWorkflows(act);

await using var worker = new WorkflowWorker(backend, registry);
await worker.StartAsync();

var client = new WorkflowClient(backend);
var handle = await client.StartWorkflow1Async("Hello world", new WorkflowOptions { InstanceId = $"simple-{Guid.NewGuid():N}" });
Console.WriteLine($"Started workflow instance {handle.InstanceId}");

int result = await handle.GetResultAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"Workflow finished. Result: {result}");

await worker.StopAsync();

