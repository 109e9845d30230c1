// Signals: the client signals a workflow, the workflow signals its sub-workflow, and a select waits on whichever
// comes first of a signal, a timer and an activity.
// Run: dotnet run --project samples/Signals [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Signals;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "signals");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

// Client -> workflow: a signal sent before the workflow reads it is kept, in order, until it does.
var handle = await client.StartCoordinatorAsync(new WorkflowOptions { InstanceId = SampleBackend.NewId("coordinator") });
await handle.SignalAsync("order", "order-1");
Console.WriteLine("Client sent signal 'order' = order-1");

string result = await handle.GetResultAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"Workflow returned: {result}");
await worker.StopAsync();
