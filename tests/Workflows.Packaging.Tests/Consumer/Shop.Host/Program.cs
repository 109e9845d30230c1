using Shop.Host;
using Shop.Orders;
using Workflows;
using Workflows.Client;
using Workflows.Sqlite;
using Workflows.Worker;

await using var backend = SqliteBackend.Open(args[0]);

// The host's own workflow (Greet) and the library's (Checkout, Sleepy) in one call.
var registry = new WorkflowRegistry().AddGeneratedWorkflows(new PaymentActivities { Gateway = "acme" });
await using var worker = new WorkflowWorker(backend, registry);
await worker.StartAsync();

var client = new WorkflowClient(backend);
var checkout = await client.StartCheckoutAsync("book", 3, new WorkflowOptions { InstanceId = "checkout-1" });
Console.WriteLine("checkout: " + await checkout.GetResultAsync(TimeSpan.FromMinutes(1)));

var greet = await client.StartGreetAsync("ada");
Console.WriteLine("greet: " + await greet.GetResultAsync(TimeSpan.FromMinutes(1)));

var sleepy = await client.StartSleepyAsync(new WorkflowOptions { InstanceId = "order-1" });
try
{
    await sleepy.GetResultAsync(TimeSpan.FromSeconds(5));
    Console.WriteLine("sleepy: finished");
}
catch (WorkflowWaitTimeoutException e)
{
    Console.WriteLine("sleepy: " + e.Message);
}
