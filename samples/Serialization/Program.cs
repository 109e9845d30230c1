// Serialization: a payload converter with custom JSON options (a custom type converter, enums by name) and an
// encrypting codec (AES-GCM) on top of it. The database then holds ciphertext, and history written before the codec
// was configured still reads, because every encoded payload names its codecs.
// The key comes from WORKFLOWS_SAMPLE_KEY (32 bytes in base64, e.g. `openssl rand -base64 32`); without it the sample
// makes a throwaway key.
// Run: dotnet run --project samples/Serialization [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serialization;
using Workflows.Client;
using Workflows.History;
using Workflows.Samples;
using Workflows.Serialization;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "serialization");
Console.WriteLine($"Running on {sample.Description}");

// The converter: web defaults (camelCase), Money as "12.50 EUR", enums by name. Every client and worker of one
// database must use the same one.
var json = new JsonPayloadConverter(new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    Converters = { new MoneyJsonConverter(), new JsonStringEnumConverter() },
});

// The codec chain runs after the converter: JSON text -> bytes -> AES-GCM -> "~wfcodec:aes-gcm.k1:<base64>".
byte[] key = Key();
var encrypted = new CodecPayloadConverter(json, [new AesGcmCodec("k1", key)]);

// 1. Before encryption: a client and a worker with the plain converter. One order completes, one waits for approval.
Console.WriteLine("Before encryption:");
string early, waiting;
await using (var worker = new WorkflowWorker(sample.Backend, Registry(), new WorkflowWorkerOptions { PayloadConverter = json }))
{
    await worker.StartAsync();
    var client = new WorkflowClient(sample.Backend, new WorkflowClientOptions { PayloadConverter = json });
    var first = await client.StartChargeOrderAsync(
        new Order("Ada", "4111111111111111", new Money(12.5m, "EUR"), Priority.Express),
        new WorkflowOptions { InstanceId = early = SampleBackend.NewId("order") });
    await first.SignalAsync("approve", "Linus");
    Console.WriteLine($"  {early}: {await first.GetResultAsync(TimeSpan.FromSeconds(30))}");

    var second = await client.StartChargeOrderAsync(
        new Order("Grace", "5500000000000004", new Money(99m, "USD"), Priority.Standard),
        new WorkflowOptions { InstanceId = waiting = SampleBackend.NewId("order") });
    Console.WriteLine($"  {waiting}: started, waiting for approval");
    await worker.StopAsync();
}

// 2. The codec is added: a new worker and client. The waiting order's input was stored in plain JSON; its approval
// arrives encrypted; both read.
Console.WriteLine("With the AES-GCM codec:");
string secret;
await using (var worker = new WorkflowWorker(sample.Backend, Registry(), new WorkflowWorkerOptions { PayloadConverter = encrypted }))
{
    await worker.StartAsync();
    var client = new WorkflowClient(sample.Backend, new WorkflowClientOptions { PayloadConverter = encrypted });
    await client.SignalWorkflowAsync(waiting, "approve", "Margaret");
    Console.WriteLine($"  {waiting} (started before the codec): {await client.GetResultAsync<string>(waiting, TimeSpan.FromSeconds(30))}");
    Console.WriteLine($"  {early} (finished before the codec), read again: {await client.GetResultAsync<string>(early)}");

    var third = await client.StartChargeOrderAsync(
        new Order("Alan", "340000000000009", new Money(1234.56m, "GBP"), Priority.Express),
        new WorkflowOptions { InstanceId = secret = SampleBackend.NewId("order") });
    await third.SignalAsync("approve", "Barbara");
    Console.WriteLine($"  {secret}: {await third.GetResultAsync(TimeSpan.FromSeconds(30))}");
    await worker.StopAsync();
}

// 3. What the database holds: the order input as stored in each instance's history.
Console.WriteLine("Stored in the database:");
var reader = new WorkflowClient(sample.Backend);
string plainInput = await StoredInputAsync(waiting);
string cipherInput = await StoredInputAsync(secret);
Console.WriteLine($"  {waiting} input: {plainInput}");
Console.WriteLine($"  {secret} input: {cipherInput[..Math.Min(cipherInput.Length, 72)]}...");
Console.WriteLine(cipherInput.Contains("340000000000009", StringComparison.Ordinal) || cipherInput.Contains("Alan", StringComparison.Ordinal)
    ? "  The encrypted input is readable!"
    : "  The encrypted input contains neither the customer nor the card number.");

// 4. A client with another key cannot read it, and says which codec failed.
var wrongKey = new CodecPayloadConverter(json, [new AesGcmCodec("k1", RandomNumberGenerator.GetBytes(32))]);
try
{
    await new WorkflowClient(sample.Backend, new WorkflowClientOptions { PayloadConverter = wrongKey }).GetResultAsync<string>(secret);
    Console.WriteLine("  A client with the wrong key read the result!");
}
catch (PayloadException ex)
{
    // The codec's error is wrapped in the PayloadException of each layer that tried to decode (result, payload).
    var codec = Causes(ex).OfType<PayloadCodecException>().First();
    Console.WriteLine($"  A client with the wrong key gets a PayloadException from codec {codec.CodecName}.");
}

async Task<string> StoredInputAsync(string instanceId)
{
    var history = await reader.GetHistoryAsync(instanceId);
    return history.Select(e => e.Attributes).OfType<ExecutionStartedAttributes>().Single().Inputs[0]!;
}

static IEnumerable<Exception> Causes(Exception ex)
{
    for (Exception? e = ex; e is not null; e = e.InnerException)
    {
        yield return e;
    }
}

static WorkflowRegistry Registry() => new WorkflowRegistry().AddGeneratedWorkflows();

static byte[] Key()
{
    string? configured = Environment.GetEnvironmentVariable("WORKFLOWS_SAMPLE_KEY");
    if (configured is null)
    {
        Console.WriteLine("WORKFLOWS_SAMPLE_KEY is not set: using a throwaway key for this run.");
        return RandomNumberGenerator.GetBytes(32);
    }

    byte[] key = Convert.FromBase64String(configured);
    return key.Length == 32 ? key : throw new ArgumentException($"WORKFLOWS_SAMPLE_KEY must be 32 bytes in base64; it is {key.Length} bytes.");
}
