// Durable timers: one that fires, one raced against a slow activity, and one cancelled before it fires.
// Run: dotnet run --project samples/Timers [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Timers;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "timers");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

var handle = await client.StartTimersAsync(new WorkflowOptions { InstanceId = SampleBackend.NewId("timers") });
Console.WriteLine($"Workflow returned: {await handle.GetResultAsync(TimeSpan.FromSeconds(60))}");

var history = await handle.GetHistoryAsync();
Console.WriteLine($"History: {history.Count(e => e.Type == Workflows.History.EventType.TimerScheduled)} timers scheduled, "
    + $"{history.Count(e => e.Type == Workflows.History.EventType.TimerFired)} fired, "
    + $"{history.Count(e => e.Type == Workflows.History.EventType.TimerCanceled)} cancelled");
await worker.StopAsync();
