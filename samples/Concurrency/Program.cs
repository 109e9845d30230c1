// Concurrency inside one workflow: a coroutine feeding a channel (ctx.Go), a fan-out joined with WhenAll, and
// sibling sub-workflows cancelled as soon as one of them fails.
// Run: dotnet run --project samples/Concurrency [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Concurrency;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "concurrency");
Console.WriteLine($"Running on {sample.Description}");

await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

int sum = await client.RunProducerConsumerAsync(5, new WorkflowOptions { InstanceId = SampleBackend.NewId("channel") });
Console.WriteLine($"Coroutine and channel: the consumer summed the squares of 1..5 = {sum}");

int[] lengths = await client.RunFanOutAsync(["alpha", "beta", "gamma"], new WorkflowOptions { InstanceId = SampleBackend.NewId("fan-out") });
Console.WriteLine($"WhenAll over three activities returned lengths {string.Join(", ", lengths)}");

string outcome = await client.RunFirstErrorCancelsAsync(new WorkflowOptions { InstanceId = SampleBackend.NewId("first-error") });
Console.WriteLine($"First error: {outcome}");
await worker.StopAsync();
