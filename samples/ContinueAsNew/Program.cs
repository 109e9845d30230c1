// Continue-as-new keeps a long-running loop's history short: each round is a new execution of the same instance.
// A parent does it, and a sub-workflow does it too; the parent sees only the child's final result.
// Run: dotnet run --project samples/ContinueAsNew [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using ContinueAsNew;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "continue-as-new");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

var handle = await client.StartPollAsync(new PollState(Round: 1, Total: 0), new WorkflowOptions { InstanceId = SampleBackend.NewId("poll") });
PollState final = await handle.GetResultAsync(TimeSpan.FromSeconds(60));   // follows the instance to its last execution
Console.WriteLine($"Parent finished after {final.Round} rounds; total from the sub-workflows: {final.Total}");

var state = await handle.GetStateAsync();
var history = await handle.GetHistoryAsync();
Console.WriteLine($"Instance {handle.InstanceId} now runs execution {state.Instance.ExecutionId}, whose history has only {history.Count} events");
await worker.StopAsync();
