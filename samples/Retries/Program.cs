// Retries with exponential back-off: an activity that fails twice before it succeeds, and a sub-workflow that fails
// once and is started again by its parent's retry policy. Every attempt and back-off timer is in the history, so
// retries survive a restart.
// Run: dotnet run --project samples/Retries [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Retries;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "retries");
Console.WriteLine($"Running on {sample.Description}");

var flaky = new FlakyActivities();
await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows(flaky));
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

string result = await client.RunRetryingAsync(new WorkflowOptions { InstanceId = SampleBackend.NewId("retries") });
Console.WriteLine($"Workflow returned: {result}");
await worker.StopAsync();
