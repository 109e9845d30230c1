// Cancelling a running workflow from the client: the workflow catches the cancellation, runs its clean-up on the
// disconnected context (which still works after cancellation), and ends as Canceled.
// Run: dotnet run --project samples/Cancellation [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Cancellation;
using Workflows;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "cancellation");
Console.WriteLine($"Running on {sample.Description}");

var stock = new StockActivities();
await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows(stock));
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

var handle = await client.StartHoldOrderAsync("order-7", new WorkflowOptions { InstanceId = SampleBackend.NewId("hold") });
await stock.Reserved.Task.WaitAsync(TimeSpan.FromSeconds(30));   // the workflow now waits out its 7-day hold
Console.WriteLine("Cancelling the workflow while it waits on its 7-day timer");
await handle.CancelAsync();

try
{
    await handle.GetResultAsync(TimeSpan.FromSeconds(30));
}
catch (WorkflowCanceledException)
{
    Console.WriteLine("GetResultAsync threw WorkflowCanceledException");
}

var state = await handle.GetStateAsync();
Console.WriteLine($"Final status: {state.Status}; stock released: {stock.Released}");
await worker.StopAsync();
