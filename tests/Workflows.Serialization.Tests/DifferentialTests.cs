using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Serialization.Tests;

/// <summary>
/// The generated metadata against System.Text.Json's reflection serializer, with the same options: the same
/// JSON out, and each reads the other's JSON back to an equal value.
/// </summary>
public sealed class DifferentialTests
{
    public static IEnumerable<object[]> Cases(string options)
        => CorpusCases.All.Select(c => new object[] { c.Name, options });

    public static IEnumerable<object[]> WebCases => Cases("web");

    public static IEnumerable<object[]> SnakeCases => Cases("snake");

    public static IEnumerable<object[]> PlainCases => Cases("plain");

    private static JsonSerializerOptions Template(string name) => name switch
    {
        "web" => new JsonSerializerOptions(JsonSerializerDefaults.Web),
        "snake" => new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = JsonNamingPolicy.KebabCaseUpper },
        "plain" => new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowReadingFromString },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static JsonSerializerOptions Reflection(string name) => new(Template(name)) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    // Only the generated context: a type it does not hold fails here instead of quietly using reflection.
    private static JsonSerializerOptions Generated(string name) => new(Template(name)) { TypeInfoResolver = new GeneratedPayloadJsonContext() };

    [Fact]
    public void Corpus_CoversAtLeastSixtyTypes()
    {
        Assert.True(CorpusCases.All.Select(c => c.Type).Distinct().Count() >= 60, "the corpus must cover at least 60 payload types");
        Assert.Equal(CorpusCases.All.Count, CorpusCases.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(WebCases))]
    [MemberData(nameof(SnakeCases))]
    [MemberData(nameof(PlainCases))]
    public void Serialize_GeneratedAndReflection_WriteTheSameJson(string name, string options)
    {
        var item = Find(name);
        var generated = Generated(options);

        Assert.Same(typeof(GeneratedPayloadJsonContext), generated.GetTypeInfo(item.Type).OriginatingResolver?.GetType());
        string expected = JsonSerializer.Serialize(item.Value, Reflection(options).GetTypeInfo(item.Type));
        string actual = JsonSerializer.Serialize(item.Value, generated.GetTypeInfo(item.Type));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(WebCases))]
    [MemberData(nameof(SnakeCases))]
    [MemberData(nameof(PlainCases))]
    public void Deserialize_EachReadsTheOthersJson_ToEqualValues(string name, string options)
    {
        var item = Find(name);
        var reflection = Reflection(options);
        var generated = Generated(options);
        string fromReflection = JsonSerializer.Serialize(item.Value, reflection.GetTypeInfo(item.Type));
        string fromGenerated = JsonSerializer.Serialize(item.Value, generated.GetTypeInfo(item.Type));

        var readByGenerated = JsonSerializer.Deserialize(fromReflection, generated.GetTypeInfo(item.Type));
        var readByReflection = JsonSerializer.Deserialize(fromGenerated, reflection.GetTypeInfo(item.Type));

        Structural.AssertEqual(readByReflection, readByGenerated, name);
        Assert.Equal(JsonSerializer.Serialize(readByReflection, reflection.GetTypeInfo(item.Type)), JsonSerializer.Serialize(readByGenerated, reflection.GetTypeInfo(item.Type)));
    }

    // Members missing from the JSON keep what the constructor and initializers gave them, as with reflection.
    [Theory]
    [MemberData(nameof(WebCases))]
    public void Deserialize_EmptyObject_SameOutcomeAsReflection(string name, string options)
    {
        var item = Find(name);
        if (item.Type.IsEnum || item.Type.IsPrimitive || item.Type == typeof(string) || typeof(System.Collections.IEnumerable).IsAssignableFrom(item.Type))
        {
            return;
        }

        var expected = Outcome(Reflection(options), item.Type, "{}");
        var actual = Outcome(Generated(options), item.Type, "{}");

        Assert.Equal(expected.Error, actual.Error);
        Structural.AssertEqual(expected.Value, actual.Value, name);
    }

    [Fact]
    public void Deserialize_RequiredMemberMissing_FailsLikeReflection()
    {
        var reflection = Outcome(Reflection("web"), typeof(Corpus.RequiredClass), "{\"age\":1}");
        var generated = Outcome(Generated("web"), typeof(Corpus.RequiredClass), "{\"age\":1}");

        Assert.Equal(typeof(JsonException), reflection.Error);
        Assert.Equal(reflection.Error, generated.Error);
    }

    [Fact]
    public void Serialize_NaNWithoutNamedFloatingPoint_FailsLikeReflection()
    {
        var value = new Corpus.Primitives(false, 0, 0, 0, 0, 0, 0, 0, 0, float.NaN, double.NaN, 0, 'a', "");

        var reflection = Assert.ThrowsAny<Exception>(() => JsonSerializer.Serialize(value, Reflection("web")));
        var generated = Assert.ThrowsAny<Exception>(() => JsonSerializer.Serialize(value, Generated("web")));

        Assert.Equal(reflection.GetType(), generated.GetType());
    }

    private static (Type? Error, object? Value) Outcome(JsonSerializerOptions options, Type type, string json)
    {
        try
        {
            return (null, JsonSerializer.Deserialize(json, options.GetTypeInfo(type)));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return (ex.GetType(), null);
        }
    }

    private static CorpusCase Find(string name) => CorpusCases.All.Single(c => c.Name == name);
}
