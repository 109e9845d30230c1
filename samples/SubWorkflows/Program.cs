// Sub-workflows: a parent starts one child per warehouse with typed stubs and its own instance ids, runs them in
// parallel and combines their results. Each child has a history of its own.
// Run: dotnet run --project samples/SubWorkflows [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using SubWorkflows;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "sub-workflows");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

string id = SampleBackend.NewId("restock");
int total = await client.RunRestockAsync(["berlin", "lisbon", "oslo"], new WorkflowOptions { InstanceId = id });
Console.WriteLine($"Parent returned: {total} items restocked in total");

foreach (string warehouse in new[] { "berlin", "lisbon", "oslo" })
{
    var child = await client.GetStateAsync($"{id}-{warehouse}");
    Console.WriteLine($"Child {child.Instance.InstanceId}: {child.WorkflowName} {child.Status}, parent {child.Parent?.InstanceId}");
}

await worker.StopAsync();
