// Registration under custom names: the name is what the history stores and what other services call, so it can stay
// stable while the C# method is renamed. Attribute names get typed stubs; names that are not C# identifiers are
// registered by hand and called by name.
// Run: dotnet run --project samples/CustomNames [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using CustomNames;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "custom-names");
Console.WriteLine($"Running on {sample.Description}");

var registry = new WorkflowRegistry()
    .AddGeneratedWorkflows()                                    // [Workflow("ProcessOrderV2")], [Activity("ChargeCard")]
    .AddWorkflow("billing.invoice", InvoiceWorkflow.Run)        // any identifier, registered by hand
    .AddActivity("billing.render-pdf", InvoiceWorkflow.RenderPdf);
foreach (var definition in registry.Workflows)
{
    Console.WriteLine($"Registered workflow '{definition.Name}'");
}

await using var worker = new WorkflowWorker(sample.Backend, registry);
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

// The typed stub carries the custom name: StartProcessOrderV2Async starts workflow "ProcessOrderV2".
string typed = await client.RunProcessOrderV2Async("order-5", new WorkflowOptions { InstanceId = SampleBackend.NewId("order") });
Console.WriteLine($"By typed stub: {typed}");

// Any caller can use the name itself, e.g. a service written in another language sharing the database.
var byName = await client.StartWorkflowAsync<string>("billing.invoice", new WorkflowOptions { InstanceId = SampleBackend.NewId("invoice") }, "order-5");
Console.WriteLine($"By name 'billing.invoice': {await byName.GetResultAsync(TimeSpan.FromSeconds(30))}");
await worker.StopAsync();
