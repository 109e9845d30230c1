// A saga: book a flight, a hotel and a car; when a step fails, undo the steps already done, newest first.
// Run: dotnet run --project samples/Saga [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Saga;
using Workflows;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "saga");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

Console.WriteLine("Trip to Lisbon (every booking succeeds):");
Console.WriteLine($"Result: {await client.RunBookTripAsync(new Trip("Lisbon", CarAvailable: true), new WorkflowOptions { InstanceId = SampleBackend.NewId("trip") })}");

Console.WriteLine("Trip to Oslo (no car available):");
try
{
    await client.RunBookTripAsync(new Trip("Oslo", CarAvailable: false), new WorkflowOptions { InstanceId = SampleBackend.NewId("trip") });
}
catch (WorkflowFailedException ex)
{
    Console.WriteLine($"Result: the trip failed and was rolled back ({ex.Error.Message})");
}

await worker.StopAsync();
