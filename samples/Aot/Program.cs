using Aot;
using Workflows.Client;
using Workflows.Sqlite;
using Workflows.Worker;

// A NativeAOT worker and client on SQLite: no reflection anywhere on the payload path.
// Usage: Aot [--db path]   (publish: dotnet publish samples/Aot -c Release -r linux-x64; the project sets PublishAot)
string db = args.Length >= 2 && args[0] == "--db" ? args[1] : Path.Combine(Path.GetTempPath(), $"workflows-aot-{Environment.ProcessId}.db");
await using (var backend = SqliteBackend.Open(db))
{
    var registry = new WorkflowRegistry().AddGeneratedWorkflows();
    await using var worker = new WorkflowWorker(backend, registry);
    await worker.StartAsync();

    var client = new WorkflowClient(backend);
    var request = new ShipmentRequest(
        "order-42",
        [new Parcel("book", 2, 0.8m), new Parcel("lamp", 1, 2.4m), new Parcel("book", 1, 0.8m)],
        Speed.Express);
    Receipt receipt = await client.RunShipAsync(request, new WorkflowOptions { InstanceId = "ship-" + Guid.NewGuid().ToString("N") });

    Console.WriteLine($"Shipped {receipt.OrderId} with {receipt.Carrier} for {receipt.Total:0.00} at {receipt.ShippedAt:O}");
    Console.WriteLine("Items: " + string.Join(", ", receipt.Items.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => $"{i.Key} x{i.Value}")));
    await worker.StopAsync();
}

if (args.Length < 2)
{
    foreach (string file in new[] { db, db + "-wal", db + "-shm" })
    {
        File.Delete(file);
    }
}
