// Records, collections, nullable values and enums as workflow inputs, activity arguments and results: the generator
// writes their serializer metadata, so nothing is configured.
// Run: dotnet run --project samples/ComplexParameters [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using ComplexParameters;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "complex-parameters");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

var order = new Order(
    "order-42",
    new Customer("Ada Lovelace", Email: null),        // a nullable member left empty
    [new Line("book", 2, 12.50m), new Line("lamp", 1, 40m)],
    Priority.Express,
    new Dictionary<string, string> { ["gift"] = "yes" },
    DiscountPercent: 10);

Invoice invoice = await client.RunBillAsync(order, new WorkflowOptions { InstanceId = SampleBackend.NewId("bill") });

Console.WriteLine($"Invoice for {invoice.OrderId}: {invoice.Lines.Count} lines, total {invoice.Total:0.00}, priority {invoice.Priority}");
foreach (var line in invoice.Lines)
{
    Console.WriteLine($"  {line}");
}

Console.WriteLine($"Email on file: {invoice.Email ?? "(none)"}; tags: {string.Join(", ", invoice.Tags.Select(t => $"{t.Key}={t.Value}"))}");
await worker.StopAsync();
