// What a workflow knows about itself (instance id, execution id, name, queue, workflow time) and what the client
// can read about it afterwards: the execution ids before and after a continue-as-new, and the history length.
// Run: dotnet run --project samples/WorkflowInfo [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using WorkflowInfo;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "workflow-info");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

var handle = await client.StartDescribeAsync(1, new WorkflowOptions { InstanceId = SampleBackend.NewId("info") });
string last = await handle.GetResultAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"Workflow returned: {last}");

var state = await handle.GetStateAsync();
var history = await client.GetHistoryAsync(handle.InstanceId);
Console.WriteLine($"Client view: instance {state.Instance.InstanceId}, last execution {state.Instance.ExecutionId}, status {state.Status}");
Console.WriteLine($"History length of the last execution: {history.Count} events ({string.Join(", ", history.Select(e => e.Type).Distinct())})");
await worker.StopAsync();
