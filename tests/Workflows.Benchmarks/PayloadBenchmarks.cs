using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Workflows.Serialization;

[assembly: WorkflowPayload(typeof(Workflows.Benchmarks.MicroBenchmarks.Order))]

namespace Workflows.Benchmarks;

/// <summary>
/// A typical payload (<see cref="MicroBenchmarks.Order"/>) written and read with the same web-default options
/// three ways: System.Text.Json's reflection resolver, the generated context alone, and the payload converter
/// (its resolver chain, as workers and clients use it).
/// </summary>
[MemoryDiagnoser]
public class PayloadBenchmarks
{
    private readonly MicroBenchmarks.Order _order = new("o-1", "ACME Gmbh & Co. KG", 1234.5m, ["sku-1", "sku-2", "sku-3"], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private JsonTypeInfo _reflection = null!;
    private JsonTypeInfo _generated = null!;
    private string _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.GetTypeInfo(typeof(MicroBenchmarks.Order));
        _generated = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new GeneratedPayloadJsonContext() }.GetTypeInfo(typeof(MicroBenchmarks.Order));
        _json = JsonSerializer.Serialize(_order, _reflection);
        if (_json != JsonSerializer.Serialize(_order, _generated) || _json != JsonPayloadConverter.Default.Serialize(_order, typeof(MicroBenchmarks.Order)))
        {
            throw new InvalidOperationException("The three paths must write the same JSON.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Serialize")]
    public string Serialize_Reflection() => JsonSerializer.Serialize(_order, _reflection);

    [Benchmark]
    [BenchmarkCategory("Serialize")]
    public string Serialize_Generated() => JsonSerializer.Serialize(_order, _generated);

    [Benchmark]
    [BenchmarkCategory("Serialize")]
    public string? Serialize_PayloadConverter() => JsonPayloadConverter.Default.Serialize(_order, typeof(MicroBenchmarks.Order));

    [Benchmark]
    [BenchmarkCategory("Deserialize")]
    public object? Deserialize_Reflection() => JsonSerializer.Deserialize(_json, _reflection);

    [Benchmark]
    [BenchmarkCategory("Deserialize")]
    public object? Deserialize_Generated() => JsonSerializer.Deserialize(_json, _generated);

    [Benchmark]
    [BenchmarkCategory("Deserialize")]
    public object? Deserialize_PayloadConverter() => JsonPayloadConverter.Default.Deserialize(_json, typeof(MicroBenchmarks.Order));

    /// <summary>
    /// Building the metadata for one type on fresh options: what the first payload of a type costs a new
    /// process (the part reflection pays for with member discovery, and NativeAOT cannot pay at all).
    /// </summary>
    [Benchmark]
    [BenchmarkCategory("FirstUse")]
    public JsonTypeInfo FirstUse_Reflection() => new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }.GetTypeInfo(typeof(MicroBenchmarks.Order));

    [Benchmark]
    [BenchmarkCategory("FirstUse")]
    public JsonTypeInfo FirstUse_Generated() => new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new GeneratedPayloadJsonContext() }.GetTypeInfo(typeof(MicroBenchmarks.Order));
}
