// Queues route work to dedicated workers: the workflow runs on the "default" queue, its rendering activity on a
// "gpu" queue that only a second worker polls (a machine with the right hardware, say).
// Run: dotnet run --project samples/Queues [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Queues;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "queues");
Console.WriteLine($"Running on {sample.Description}");

// The general worker: the workflow and the cheap activity, on the default queue.
await using var general = new WorkflowWorker(
    sample.Backend,
    new WorkflowRegistry().AddGeneratedWorkflows().AddRenderActivities(new RenderActivities("general worker")),
    new WorkflowWorkerOptions { Queues = [WorkflowClient.DefaultQueue] });

// The dedicated worker: polls only the gpu queue.
await using var gpu = new WorkflowWorker(
    sample.Backend,
    new WorkflowRegistry().AddRenderActivities(new RenderActivities("gpu worker")),
    new WorkflowWorkerOptions { Queues = [RenderWorkflows.GpuQueue] });

await general.StartAsync();
await gpu.StartAsync();
var client = new WorkflowClient(sample.Backend);

string result = await client.RunRenderSceneAsync("teapot", new WorkflowOptions { InstanceId = SampleBackend.NewId("render") });
Console.WriteLine($"Workflow returned: {result}");

await gpu.StopAsync();
await general.StopAsync();
