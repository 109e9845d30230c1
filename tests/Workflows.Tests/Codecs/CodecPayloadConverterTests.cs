using System.Security.Cryptography;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Serialization;
using Workflows.Tests.Diagnostics;
using Workflows.Worker;
using AesGcmCodec = global::Serialization.AesGcmCodec;

namespace Workflows.Tests.Codecs;

/// <summary>Payload codecs: round trips, payloads written before codecs, and keys that do not fit.</summary>
public sealed class CodecPayloadConverterTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] s_key1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] s_key2 = RandomNumberGenerator.GetBytes(32);

    private static CodecPayloadConverter Encrypted(byte[] key, string keyId = "k1")
        => new(JsonPayloadConverter.Default, [new GzipCodec(), new AesGcmCodec(keyId, key)]);

    [Fact]
    public void Serialize_CompressThenEncrypt_RoundTripsAndHidesThePlainText()
    {
        var converter = Encrypted(s_key1);

        string payload = converter.Serialize("secret order 42", typeof(string))!;

        Assert.StartsWith(CodecPayloadConverter.Marker + "gzip,aes-gcm.k1:", payload, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", payload, StringComparison.Ordinal);
        Assert.Equal("secret order 42", converter.Deserialize(payload, typeof(string)));
        Assert.Null(converter.Serialize(null, typeof(string)));
    }

    [Fact]
    public void Deserialize_PayloadWrittenWithoutCodec_ReadsUnchanged()
    {
        string old = JsonPayloadConverter.Default.Serialize(new[] { 1, 2, 3 }, typeof(int[]))!;

        Assert.Equal([1, 2, 3], (int[])Encrypted(s_key1).Deserialize(old, typeof(int[]))!);
    }

    [Fact]
    public void Deserialize_WrongKey_TypedErrorNamingTheCodec()
    {
        string payload = Encrypted(s_key1).Serialize("secret", typeof(string))!;

        var ex = Assert.Throws<PayloadException>(() => Encrypted(s_key2).Deserialize(payload, typeof(string)));

        var codecError = Assert.IsType<PayloadCodecException>(ex.InnerException);
        Assert.Equal("aes-gcm.k1", codecError.CodecName);
        Assert.Contains("'aes-gcm.k1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_KeyRotated_OldPayloadsReadWithTheDecodeOnlyCodecAndUnknownOnesNameTheirCodec()
    {
        string written = Encrypted(s_key1, "k1").Serialize(7, typeof(int))!;
        var rotated = new CodecPayloadConverter(JsonPayloadConverter.Default, [new GzipCodec(), new AesGcmCodec("k2", s_key2)], decodeOnly: [new AesGcmCodec("k1", s_key1)]);

        Assert.Equal(7, rotated.Deserialize(written, typeof(int)));
        Assert.StartsWith(CodecPayloadConverter.Marker + "gzip,aes-gcm.k2:", rotated.Serialize(7, typeof(int)), StringComparison.Ordinal);
        var ex = Assert.Throws<PayloadException>(() => Encrypted(s_key2, "k2").Deserialize(written, typeof(int)));
        Assert.Equal("aes-gcm.k1", Assert.IsType<PayloadCodecException>(ex.InnerException).CodecName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Workflow_CodecAddedWhileInstanceRuns_OldInputsReadAndNewPayloadsEncrypted(bool cache)
    {
        string name = "Sealed-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(name, async (WorkflowContext ctx, string order) =>
            {
                string charged = await ctx.ExecuteActivityAsync<string>("Charge", null, order);
                string more = await ctx.Signals<string>("more").ReceiveAsync();
                return $"{charged}+{more}";
            })
            .AddActivity("Charge", (string order) => $"charged {order}");
        await using var backend = new InMemoryBackend();

        // Written before codecs were configured: plain JSON in the history.
        var plainClient = new WorkflowClient(backend);
        var handle = await plainClient.StartWorkflowAsync<string>(name, null, "order-1");
        var converter = Encrypted(s_key1);
        await using var worker = new WorkflowWorker(backend, registry, TracingTests.Options(cache) with { PayloadConverter = converter });
        await worker.StartAsync();
        var client = new WorkflowClient(backend, new WorkflowClientOptions { PayloadConverter = converter });
        await client.SignalWorkflowAsync(handle.InstanceId, "more", "gift wrap");

        Assert.Equal("charged order-1+gift wrap", await client.GetResultAsync<string>(handle.InstanceId, s_timeout));
        var history = await handle.GetHistoryAsync();
        Assert.Equal("\"order-1\"", history.Select(e => e.Attributes).OfType<ExecutionStartedAttributes>().Single().Inputs[0]);
        var scheduled = history.Select(e => e.Attributes).OfType<ActivityScheduledAttributes>().Single();
        Assert.StartsWith(CodecPayloadConverter.Marker, scheduled.Inputs[0], StringComparison.Ordinal);
        Assert.DoesNotContain(history, e => HistorySerializer.Serialize(e).Contains("gift wrap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Activity_InputsEncryptedWithAnotherKey_FailsWithTheCodecNamedAndDoesNotRetry()
    {
        string name = "WrongKey-" + Guid.NewGuid().ToString("N");
        int runs = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow(name, async (WorkflowContext ctx) =>
            {
                try
                {
                    return await ctx.ExecuteActivityAsync<string>("Echo", null, "x");
                }
                catch (ActivityFailedException ex)
                {
                    return ex.Error.Message;
                }
            })
            .AddActivity("Echo", (string s) =>
            {
                Interlocked.Increment(ref runs);
                return s;
            });
        await using var backend = new InMemoryBackend();

        // One worker polls workflow tasks only, with key 1; the activity worker has key 2.
        await using var workflows = new WorkflowWorker(backend, registry, TracingTests.Options(cache: true) with { PayloadConverter = Encrypted(s_key1), ActivityPollers = 0, EagerDispatch = false });
        await using var activities = new WorkflowWorker(backend, registry, TracingTests.Options(cache: true) with { PayloadConverter = Encrypted(s_key2), WorkflowPollers = 0, EagerDispatch = false });
        await workflows.StartAsync();
        await activities.StartAsync();

        var client = new WorkflowClient(backend, new WorkflowClientOptions { PayloadConverter = Encrypted(s_key1) });
        string message = await (await client.StartWorkflowAsync<string>(name, null, [])).GetResultAsync(s_timeout);

        Assert.Contains("'aes-gcm.k1'", message, StringComparison.Ordinal);
        Assert.Equal(0, runs);
    }
}
