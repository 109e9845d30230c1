using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Workflows.Serialization;
using Workflows.Serialization.Tests;

[assembly: WorkflowJsonContext(typeof(LinkedJsonContext))]

namespace Workflows.Serialization.Tests;

public sealed record LinkedOwned(string Name);

public sealed record Ranked(int Rank);

public sealed record LateComer(int Value);

[JsonSerializable(typeof(LinkedOwned))]
internal sealed partial class LinkedJsonContext : JsonSerializerContext;

public static class ChainActivities
{
    [Activity]
    public static int Use(LinkedOwned owned, Ranked ranked) => ranked.Rank;
}

public sealed class ResolverChainTests
{
    [Fact]
    public void DefaultConverter_GeneratedType_UsesGeneratedMetadata()
    {
        var info = JsonPayloadConverter.Default.Options.GetTypeInfo(typeof(Corpus.Money));

        Assert.IsType<GeneratedPayloadJsonContext>(info.OriginatingResolver);
        Assert.Equal("{\"amount\":1.5,\"currency\":\"EUR\"}", JsonPayloadConverter.Default.Serialize(new Corpus.Money(1.5m, "EUR"), typeof(Corpus.Money)));
    }

    [Fact]
    public void DefaultConverter_LinkedContextType_UsesTheLinkedContext()
    {
        var info = JsonPayloadConverter.Default.Options.GetTypeInfo(typeof(LinkedOwned));

        Assert.IsType<LinkedJsonContext>(info.OriginatingResolver);
        Assert.Null(((IJsonTypeInfoResolver)new GeneratedPayloadJsonContext()).GetTypeInfo(typeof(LinkedOwned), JsonSerializerOptions.Web));
    }

    [Fact]
    public void DefaultConverter_Primitive_UsesBuiltInMetadataOrGenerated()
    {
        var info = JsonPayloadConverter.Default.Options.GetTypeInfo(typeof(long));

        Assert.NotNull(info.OriginatingResolver);
        Assert.IsNotType<DefaultJsonTypeInfoResolver>(info.OriginatingResolver);
    }

    [Fact]
    public void Converter_ResolverRegisteredAfterFirstUse_IsConsultedAndComesBeforeGenerated()
    {
        var converter = new JsonPayloadConverter();
        Assert.Equal("{\"value\":1}", converter.Serialize(new LateComer(1), typeof(LateComer)));
        Assert.Equal("{\"rank\":2}", converter.Serialize(new Ranked(2), typeof(Ranked)));

        PayloadJsonResolvers.RegisterUser(new LateResolver());

        Assert.Equal("\"late:1\"", converter.Serialize(new LateComer(1), typeof(LateComer)));
        Assert.Equal("\"late:2\"", converter.Serialize(new Ranked(2), typeof(Ranked)));
        Assert.Equal(new Ranked(3), converter.Deserialize("\"late:3\"", typeof(Ranked)));
    }

    [Fact]
    public void Converter_OptionsWithOwnResolver_UseOnlyThatResolver()
    {
        var converter = new JsonPayloadConverter(new JsonSerializerOptions { TypeInfoResolver = new LinkedJsonContext() });

        Assert.Equal("{\"Name\":\"n\"}", converter.Serialize(new LinkedOwned("n"), typeof(LinkedOwned)));
        var error = Assert.Throws<PayloadException>(() => converter.Serialize(new Corpus.Money(1, "x"), typeof(Corpus.Money)));
        Assert.IsType<NotSupportedException>(error.InnerException);
    }

    [Fact]
    public void Converter_OptionsWithoutResolver_GetTheChainWithTheirSettings()
    {
        var converter = new JsonPayloadConverter(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper });

        Assert.Equal("{\"AMOUNT\":2,\"CURRENCY\":\"x\"}", converter.Serialize(new Corpus.Money(2, "x"), typeof(Corpus.Money)));
        Assert.IsType<GeneratedPayloadJsonContext>(converter.Options.GetTypeInfo(typeof(Corpus.Money)).OriginatingResolver);
    }

    private sealed class LateResolver : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options)
        {
            if (type == typeof(LateComer))
            {
                return JsonMetadataServices.CreateValueInfo<LateComer>(options, new LateConverter<LateComer>(v => v.Value, v => new LateComer(v)));
            }

            if (type == typeof(Ranked))
            {
                return JsonMetadataServices.CreateValueInfo<Ranked>(options, new LateConverter<Ranked>(v => v.Rank, v => new Ranked(v)));
            }

            return null;
        }
    }

    private sealed class LateConverter<T>(Func<T, int> read, Func<int, T> create) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => create(int.Parse(reader.GetString()!["late:".Length..], System.Globalization.CultureInfo.InvariantCulture));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
            => writer.WriteStringValue("late:" + read(value).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
