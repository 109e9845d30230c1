using System.Text.Json;
using System.Text.Json.Nodes;
using Workflows.Serialization.Tests.Corpus;

namespace Workflows.Serialization.Tests;

/// <summary>One value of the corpus: its declared type and the value.</summary>
public sealed record CorpusCase(string Name, Type Type, object? Value);

/// <summary>The values the differential tests run: every payload shape, with edge values.</summary>
public static class CorpusCases
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 27, 13, 45, 30, 123, TimeSpan.FromHours(-5));

    private static Money M(decimal amount, string currency = "EUR") => new(amount, currency);

    private static Order SampleOrder(string id) => new(
        id,
        "Zoë Ĳsselmeer 東京",
        [new OrderLine("sku-1", 2, M(9.99m)), new OrderLine("sku-2", int.MaxValue, M(decimal.MaxValue, "USD"))],
        s_at,
        Color.Green,
        new Dictionary<string, string> { ["priority"] = "high", ["note"] = "\"quoted\" <tag> & \\ \u0001" });

    public static IReadOnlyList<CorpusCase> All { get; } = Build();

    private static List<CorpusCase> Build()
    {
        var cases = new List<CorpusCase>();
        void Add<T>(string name, T value) => cases.Add(new CorpusCase(name, typeof(T), value));

        Add("money", M(12.5m));
        Add("money-zero-empty-currency", M(0m, ""));
        Add("money-min", M(decimal.MinValue));
        Add("order", SampleOrder("o-1"));
        Add("order-empty", new Order("", "", [], DateTimeOffset.MinValue, Color.Red, []));
        Add("order-line", new OrderLine("x", -1, M(0.0000000001m)));
        Add("tree", new TreeNode("root", [new TreeNode("a", []), new TreeNode("b", [new TreeNode("b1", [])])]));
        Add("primitives-max", new Primitives(true, byte.MaxValue, sbyte.MinValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue, float.MaxValue, double.MaxValue, decimal.MaxValue, '\uffff', "max"));
        Add("primitives-small", new Primitives(false, 0, 0, 0, 0, 0, 0, 0, 0, float.Epsilon, double.Epsilon, -0.0000000000000000000000000001m, '\0', ""));
        Add("primitives-negative-zero", new Primitives(false, 1, -1, -1, 1, -1, 1, -1, 1, -0.0f, -0.0, -1.10m, 'é', "\ud83d\ude00 emoji"));
        Add("times", new Times(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), s_at, TimeSpan.FromTicks(1234567890123), Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), new DateOnly(2026, 2, 28), new TimeOnly(23, 59, 59, 999)));
        Add("times-extremes", new Times(DateTime.MaxValue, DateTimeOffset.MinValue, TimeSpan.MinValue, Guid.Empty, DateOnly.MinValue, TimeOnly.MaxValue));
        Add("times-unspecified", new Times(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)), TimeSpan.MaxValue, Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), DateOnly.MaxValue, TimeOnly.MinValue));
        Add("nullables-set", new Nullables(int.MaxValue, DateTime.UnixEpoch, Color.Blue, Guid.Empty, 0.1m, TimeSpan.Zero, false));
        Add("nullables-null", new Nullables(null, null, null, null, null, null, null));
        Add("nullable-strings-null", new NullableStrings(null, null, null, null));
        Add("nullable-strings-set", new NullableStrings("", "a", M(1), ["x", null, ""]));
        Add("collections", new Collections([1, 2, 3], ["a"], [M(1), M(2)], new() { ["one"] = 1 }, new Dictionary<string, Money> { ["m"] = M(3) }, [4, 5], [6], ["seven"], new Dictionary<string, long> { ["big"] = long.MaxValue }, [Color.Red, Color.Blue]));
        Add("collections-empty", new Collections([], [], [], [], new Dictionary<string, Money>(), [], [], [], new Dictionary<string, long>(), []));
        Add("deep-nesting", new DeepNesting([new() { ["k"] = [1, 2] }, []], new() { ["arr"] = [int.MinValue], ["empty"] = [] }, [1, null, 3], [[M(1)], [], [M(2), M(3)]], new() { ["outer"] = new() { ["inner"] = M(4) } }));
        Add("with-defaults", new WithDefaults());
        Add("with-defaults-set", new WithDefaults("named", 0, Color.Red, 0m, 0.5, 0, 'y', Tiny.Low));
        Add("envelope-money", new Envelope<Money>(M(5), "money"));
        Add("envelope-int", new Envelope<int>(42, "int"));
        Add("envelope-colors", new Envelope<List<Color>>([Color.Green, Color.Red], "colors"));
        Add("page", new Page<OrderLine>([new OrderLine("p", 1, M(1))], 10) { Cursor = "next" });
        Add("page-null-cursor", new Page<OrderLine>([], 0) { Cursor = null });
        Add("pair", new Pair<string, decimal?>("left", null));
        Add("record-with-body", new RecordWithBody(7) { Label = "set", Extra = [] });
        Add("required-record", new RequiredRecord(1) { Label = "label" });
        Add("sealed-record", new SealedRecord("v"));
        Add("drawing", new Drawing(new Circle("c", 1.5), [new Square("s", 2)]));
        Add("circle", new Circle("only", double.MaxValue));
        Add("mutable-class", new MutableClass { A = -5, B = null, C = [1, 2], D = new() { [""] = "" } });
        Add("mutable-class-defaults", new MutableClass());
        Add("init-only", new InitOnlyClass { Name = "given", Count = 0, Price = M(2) });
        Add("init-only-defaults", new InitOnlyClass());
        Add("required-class", new RequiredClass { Name = "n", Age = 30, Note = "note" });
        Add("sets-required", new RequiredWithSetsRequired { Name = "changed" });
        Add("json-required", new JsonRequiredClass { Must = 1, May = 2 });
        Add("property-names", new PropertyNames { First = "Ada", Unicode = 1, Cased = true, URLValue = "u", lowerStart = "l" });
        Add("ignored", new IgnoredMembers { Kept = 1, Dropped = 2, MaybeNull = null, MaybeZero = 0, Always = null });
        Add("ignored-set", new IgnoredMembers { Kept = 1, Dropped = 2, MaybeNull = "x", MaybeZero = 5, Always = "a" });
        Add("constructor-choice", new ConstructorChoice(3, "given"));
        Add("single-constructor", new SingleConstructor(4, "four") { Settable = "s" });
        Add("parameterless-wins", new ParameterlessWins(9));
        Add("non-public-constructor", NonPublicConstructor.Create("np"));
        Add("included-members", new IncludedMembers(1, "internal", 2, 3) { NotIncludedField = 4 });
        Add("property-order", new PropertyOrder { First = 1, Middle = 2, Second = 3 });
        Add("derived-class", new DerivedClass { BaseValue = 1, DerivedValue = "d", Kind = "k" });
        Add("hiding-class", new HidingClass { BaseValue = long.MaxValue });
        Add("getter-only", new GetterOnly { A = 21 });
        Add("empty-class", new EmptyClass());
        Add("mutable-struct", new MutableStruct { A = 1, B = "b" });
        Add("mutable-struct-default", default(MutableStruct));
        Add("coordinate", new Coordinate(-90, 180));
        Add("nullable-coordinate", (Coordinate?)new Coordinate(1.25, -1.25));
        Add("record-struct", new RecordStruct(1) { B = 2 });
        Add("struct-with-constructor", new StructWithConstructor(3, 4));
        Add("point", new Point(5, -6));
        Add("member-converters", new MemberConverters { Text = "MiXeD", NamedColor = Color.Blue, Where = new Point(1, 2) });
        Add("moods", new Moods(Mood.Excited, null, [Mood.Calm, Mood.Excited]));
        Add("loose", new Loose(null, JsonDocument.Parse("{\"a\":[1,2.5,\"x\",null,true]}").RootElement.Clone(), JsonNode.Parse("[1,{\"b\":2}]")));
        Add("web-types", new WebTypes(new Uri("https://example.com/a?b=c#d"), new Version(1, 2, 3, 4)));
        Add("big-numbers", new BigNumbers(Int128.MinValue, UInt128.MaxValue, Half.MaxValue));
        Add("outer", new Outer { Child = new Outer.Inner("in") });
        Add("inner-class", new Outer.InnerClass { Depth = 3 });
        Add("internal-member", new WithInternalMember(new InternalRecord("s", 1)));
        Add("self-referencing", new SelfReferencing { Name = "a", Next = new SelfReferencing { Name = "b" } });
        Add("unicode", new Unicode("Ünïcødé – 漢字 – 🙂 – \t\n\r\b\f – \u2028\u2029 – </script>", "🙂"[0], new() { ["ключ"] = "значение", ["🙂"] = "\u0000" }));
        Add("enum-keys", new EnumKeys(new() { [Color.Red] = 1, [Color.Blue] = 2 }, new() { [int.MinValue] = "min", [0] = "zero" }, new() { [Guid.Empty] = true }));
        Add("arrays-of-everything", new ArraysOfEverything { Colors = [Color.Green], Dates = [DateTime.MinValue, DateTime.UnixEpoch], Amounts = [null, 1.5m], Bytes = [0, 255, 128], Strings = [null, "", "s"] });
        Add("permissions", Permissions.Read | Permissions.Execute);
        Add("permissions-undefined", (Permissions)64);
        Add("huge-min", Huge.Min);
        Add("color", Color.Blue);
        Add("tiny", Tiny.High);
        Add("list-of-orders", new List<Order> { SampleOrder("a"), SampleOrder("b") });
        Add("dictionary-of-money", new Dictionary<string, Money> { ["a"] = M(1), ["ü"] = M(-1) });
        Add("read-only-list", (IReadOnlyList<string>)["x", "y"]);
        Add("nullable-int-array", new int?[] { 1, null, int.MaxValue });
        Add("string", "plain \"string\" with \\ and \u00e9");
        Add("decimal", 79228162514264337593543950335m);
        Add("guid", Guid.NewGuid());
        Add("date-time-offset", s_at);
        Add("time-span", TimeSpan.FromMilliseconds(-1));
        Add("double", 1.7976931348623157E+308);
        Add("long", long.MinValue);
        Add("bool", true);
        return cases;
    }
}
