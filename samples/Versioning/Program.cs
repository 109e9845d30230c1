// Changing a deployed workflow: a build is checked against the recorded history of a running order before it is
// deployed, the unsafe change is refused, the patched one is deployed, and the running order finishes on the code it
// started with while a new order takes the new code.
// Run: dotnet run --project samples/Versioning [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Versioning;
using Workflows.Client;
using Workflows.History;
using Workflows.Samples;
using Workflows.Testing;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "versioning");
Console.WriteLine($"Running on {sample.Description}");
var client = new WorkflowClient(sample.Backend);
var timeout = TimeSpan.FromSeconds(30);

// Deployment 1: an order is charged with the old gateway and waits to be shipped when version 1 is replaced.
string running = SampleBackend.NewId("order");
await using (var version1 = new WorkflowWorker(sample.Backend, OrderVersions.Registry(OrderVersions.Version1)))
{
    await version1.StartAsync();
    await client.StartWorkflowAsync<string>(OrderVersions.Name, new WorkflowOptions { InstanceId = running }, running);
    using var wait = new CancellationTokenSource(timeout);
    while (!(await client.GetHistoryAsync(running)).Any(e => e.Type == EventType.ActivityCompleted))
    {
        await Task.Delay(50, wait.Token);
    }

    await version1.StopAsync();
}

Console.WriteLine($"Version 1 charged {running} with the old gateway; it waits for '{OrderVersions.ShipSignal}'.");

// Before deploying version 2, replay the running order's history on it: the check a CI job runs on exported histories.
var history = await client.GetHistoryAsync(running);
var unpatched = new WorkflowReplayer(OrderVersions.Registry(OrderVersions.Version2WithoutPatch)).Replay(history, running);
Console.WriteLine(unpatched.IsNonDeterminism
    ? $"Version 2 without a patch: refused, it would block {running} at event {unpatched.SequenceId}: recorded {unpatched.Recorded}, the new code asks for {unpatched.Produced}."
    : $"Version 2 without a patch: unexpectedly replays {running}.");
var patched = new WorkflowReplayer(OrderVersions.Registry(OrderVersions.Version2)).Replay(history, running);
Console.WriteLine(patched.IsSuccess
    ? $"Version 2 with the patch '{OrderVersions.Patch}': replays {running} cleanly, deployed."
    : $"Version 2 with the patch: does not replay {running}: {patched.Message}");

// Deployment 2: the running order carries on; a new order starts on the new code.
await using var version2 = new WorkflowWorker(sample.Backend, OrderVersions.Registry(OrderVersions.Version2));
await version2.StartAsync();
string fresh = SampleBackend.NewId("order");
var freshHandle = await client.StartWorkflowAsync<string>(OrderVersions.Name, new WorkflowOptions { InstanceId = fresh }, fresh);
foreach (string id in (string[])[running, fresh])
{
    await client.SignalWorkflowAsync(id, OrderVersions.ShipSignal, true);
}

string runningResult = await client.GetResultAsync<string>(running, timeout);
string freshResult = await freshHandle.GetResultAsync(timeout);
Console.WriteLine($"Started on version 1: {runningResult}");
Console.WriteLine($"Started on version 2: {freshResult}");
foreach (string id in (string[])[running, fresh])
{
    int markers = (await client.GetHistoryAsync(id)).Count(e => e.Type == EventType.PatchMarkerRecorded);
    Console.WriteLine($"{id}: {markers} patch marker(s) in its history");
}

await version2.StopAsync();
