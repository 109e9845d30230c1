using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Workflows.Serialization.Tests.Corpus;

#pragma warning disable CA1819, CA1024, CA1051, CA1711, CA1716, CA1720, CA2227, CA1002, CA1033

public enum Color
{
    Red,
    Green,
    Blue,
}

[Flags]
public enum Permissions
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
}

public enum Huge : long
{
    Min = long.MinValue,
    Zero = 0,
    Max = long.MaxValue,
}

public enum Tiny : byte
{
    Low = 0,
    High = 255,
}

public record Money(decimal Amount, string Currency);

public record OrderLine(string Sku, int Quantity, Money Price);

public record Order(string Id, string Customer, IReadOnlyList<OrderLine> Lines, DateTimeOffset PlacedAt, Color Color, Dictionary<string, string> Tags);

public record TreeNode(string Name, List<TreeNode> Children);

public record Primitives(bool Flag, byte U8, sbyte I8, short I16, ushort U16, int I32, uint U32, long I64, ulong U64, float F32, double F64, decimal Dec, char Ch, string Str);

public record Times(DateTime At, DateTimeOffset AtOffset, TimeSpan Span, Guid Id, DateOnly Day, TimeOnly Clock);

public record Nullables(int? A, DateTime? B, Color? C, Guid? D, decimal? E, TimeSpan? F, bool? G);

public record NullableStrings(string? A, string? B, Money? C, List<string?>? D);

public record Collections(
    int[] Array,
    List<string> List,
    IReadOnlyList<Money> ReadOnlyList,
    Dictionary<string, int> Dictionary,
    IReadOnlyDictionary<string, Money> ReadOnlyDictionary,
    IEnumerable<int> Enumerable,
    IList<int> IList,
    ICollection<string> ICollection,
    IDictionary<string, long> IDictionary,
    IReadOnlyCollection<Color> ReadOnlyCollection);

public record DeepNesting(List<Dictionary<string, List<int>>> Deep, Dictionary<string, int[]> ArrayMap, List<int?> NullableItems, Money[][] Jagged, Dictionary<string, Dictionary<string, Money>> MapOfMaps);

public record WithDefaults(string Name = "anon", int Count = 3, Color Color = Color.Blue, decimal Price = 1.5m, double? Ratio = null, long Big = long.MaxValue, char Letter = 'x', Tiny Size = Tiny.High);

public record Envelope<T>(T Value, string Kind);

public record Page<T>(IReadOnlyList<T> Items, int Total)
{
    public string? Cursor { get; init; } = "first";
}

public record Pair<TLeft, TRight>(TLeft Left, TRight Right);

public record RecordWithBody(int Id)
{
    public string Label { get; set; } = "unset";

    public List<int> Extra { get; init; } = [1];

    public int Computed => Id * 2;
}

public record RequiredRecord(int Id)
{
    public required string Label { get; init; }

    public string? Optional { get; init; }
}

public sealed record SealedRecord(string Value);

public abstract record Shape(string Name);

public sealed record Circle(string Name, double Radius) : Shape(Name);

public sealed record Square(string Name, double Side) : Shape(Name);

public record Drawing(Circle Main, List<Square> Squares);

public class MutableClass
{
    public int A { get; set; }

    public string? B { get; set; }

    public List<int> C { get; set; } = [];

    public Dictionary<string, string>? D { get; set; }
}

public class InitOnlyClass
{
    public string Name { get; init; } = "default";

    public int Count { get; init; } = 7;

    public Money? Price { get; init; }
}

public class RequiredClass
{
    public required string Name { get; set; }

    public required int Age { get; init; }

    public string? Note { get; set; }
}

public class RequiredWithSetsRequired
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public RequiredWithSetsRequired()
    {
        Name = "set by constructor";
    }

    public required string Name { get; set; }
}

public class JsonRequiredClass
{
    [JsonRequired]
    public int Must { get; set; }

    public int May { get; set; }
}

public class PropertyNames
{
    [JsonPropertyName("first_name")]
    public string First { get; set; } = "";

    [JsonPropertyName("ünïcødé ✓")]
    public int Unicode { get; set; }

    [JsonPropertyName("Already-Cased")]
    public bool Cased { get; set; }

    public string URLValue { get; set; } = "";

    public string lowerStart { get; set; } = "";
}

public class IgnoredMembers
{
    public int Kept { get; set; }

    [JsonIgnore]
    public int Dropped { get; set; } = 99;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MaybeNull { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaybeZero { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Always { get; set; }
}

public class ConstructorChoice
{
    public ConstructorChoice()
    {
        Via = "parameterless";
    }

    [JsonConstructor]
    public ConstructorChoice(int x, string via)
    {
        X = x;
        Via = via + " (constructor)";
    }

    public int X { get; }

    public string Via { get; }
}

public class SingleConstructor(int count, string name)
{
    public int Count { get; } = count;

    public string Name { get; } = name;

    public string? Settable { get; set; }
}

public class ParameterlessWins
{
    public ParameterlessWins()
    {
    }

    public ParameterlessWins(int value)
    {
        Value = value;
    }

    public int Value { get; set; }
}

public class NonPublicConstructor
{
    [JsonConstructor]
    internal NonPublicConstructor(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public static NonPublicConstructor Create(string name) => new(name);
}

public class IncludedMembers
{
    [JsonInclude]
    public int PrivateSet { get; private set; }

    [JsonInclude]
    internal string? InternalProperty { get; set; }

    [JsonInclude]
    public int Field;

    [JsonInclude]
    public readonly int ReadOnlyField;

    public int NotIncludedField;

    public IncludedMembers()
    {
    }

    public IncludedMembers(int privateSet, string? internalProperty, int field, int readOnlyField)
        : this()
    {
        PrivateSet = privateSet;
        InternalProperty = internalProperty;
        Field = field;
        ReadOnlyField = readOnlyField;
    }

    public string? ReadInternal() => InternalProperty;
}

public class PropertyOrder
{
    [JsonPropertyOrder(2)]
    public int Second { get; set; }

    [JsonPropertyOrder(-1)]
    public int First { get; set; }

    public int Middle { get; set; }
}

public class BaseClass
{
    public int BaseValue { get; set; }

    public virtual string Kind { get; set; } = "base";
}

public class DerivedClass : BaseClass
{
    public string DerivedValue { get; set; } = "";

    public override string Kind { get; set; } = "derived";
}

public class HidingClass : BaseClass
{
    public new long BaseValue { get; set; }
}

public class GetterOnly
{
    public int A { get; set; }

    public int Doubled => A * 2;

    public string Label { get; } = "fixed";
}

public class EmptyClass
{
}

public struct MutableStruct
{
    public int A { get; set; }

    public string? B { get; set; }
}

public readonly record struct Coordinate(double Latitude, double Longitude);

public record struct RecordStruct(int A)
{
    public int B { get; init; }
}

public struct StructWithConstructor
{
    [JsonConstructor]
    public StructWithConstructor(int x, int y)
    {
        X = x;
        Y = y;
    }

    public int X { get; }

    public int Y { get; }
}

[JsonConverter(typeof(PointConverter))]
public readonly record struct Point(int X, int Y);

public sealed class PointConverter : JsonConverter<Point>
{
    public override Point Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var parts = reader.GetString()!.Split(',');
        return new Point(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public override void Write(Utf8JsonWriter writer, Point value, JsonSerializerOptions options)
        => writer.WriteStringValue(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value.X},{value.Y}"));
}

public sealed class UpperCaseConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!.ToLowerInvariant();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
}

public class MemberConverters
{
    [JsonConverter(typeof(UpperCaseConverter))]
    public string Text { get; set; } = "";

    [JsonConverter(typeof(JsonStringEnumConverter<Color>))]
    public Color NamedColor { get; set; }

    public Point Where { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<Mood>))]
public enum Mood
{
    Calm,
    Excited,
}

public record Moods(Mood Now, Mood? Later, List<Mood> History);

public record Loose(object? Anything, JsonElement Element, JsonNode? Node);

public record WebTypes(Uri Link, Version Version);

public record BigNumbers(Int128 Huge, UInt128 Unsigned, Half Small);

public class Outer
{
    public record Inner(string Value);

    public Inner? Child { get; set; }

    public class InnerClass
    {
        public int Depth { get; set; }
    }
}

internal sealed record InternalRecord(string Secret, int Level);

internal sealed record WithInternalMember(InternalRecord Internal);

public class SelfReferencing
{
    public string Name { get; set; } = "";

    public SelfReferencing? Next { get; set; }
}

public record Unicode(string Text, char Letter, Dictionary<string, string> Keys);

public record EnumKeys(Dictionary<Color, int> ByColor, Dictionary<int, string> ByNumber, Dictionary<Guid, bool> ByGuid);

public class ArraysOfEverything
{
    public Color[] Colors { get; set; } = [];

    public DateTime[] Dates { get; set; } = [];

    public decimal?[] Amounts { get; set; } = [];

    public byte[] Bytes { get; set; } = [];

    public string?[] Strings { get; set; } = [];
}
