using Workflows.Serialization;
using Workflows.Serialization.Tests.Corpus;

// Types not in a signature below reach the generated context the way signal values do: declared by name.
[assembly: WorkflowPayload(typeof(Primitives))]
[assembly: WorkflowPayload(typeof(Times))]
[assembly: WorkflowPayload(typeof(Nullables))]
[assembly: WorkflowPayload(typeof(NullableStrings))]
[assembly: WorkflowPayload(typeof(Collections))]
[assembly: WorkflowPayload(typeof(DeepNesting))]
[assembly: WorkflowPayload(typeof(WithDefaults))]
[assembly: WorkflowPayload(typeof(Envelope<Money>))]
[assembly: WorkflowPayload(typeof(Envelope<int>))]
[assembly: WorkflowPayload(typeof(Envelope<List<Color>>))]
[assembly: WorkflowPayload(typeof(Page<OrderLine>))]
[assembly: WorkflowPayload(typeof(Pair<string, decimal?>))]
[assembly: WorkflowPayload(typeof(RecordWithBody))]
[assembly: WorkflowPayload(typeof(RequiredRecord))]
[assembly: WorkflowPayload(typeof(SealedRecord))]
[assembly: WorkflowPayload(typeof(Drawing))]
[assembly: WorkflowPayload(typeof(MutableClass))]
[assembly: WorkflowPayload(typeof(InitOnlyClass))]
[assembly: WorkflowPayload(typeof(RequiredClass))]
[assembly: WorkflowPayload(typeof(RequiredWithSetsRequired))]
[assembly: WorkflowPayload(typeof(JsonRequiredClass))]
[assembly: WorkflowPayload(typeof(PropertyNames))]
[assembly: WorkflowPayload(typeof(IgnoredMembers))]
[assembly: WorkflowPayload(typeof(ConstructorChoice))]
[assembly: WorkflowPayload(typeof(SingleConstructor))]
[assembly: WorkflowPayload(typeof(ParameterlessWins))]
[assembly: WorkflowPayload(typeof(NonPublicConstructor))]
[assembly: WorkflowPayload(typeof(IncludedMembers))]
[assembly: WorkflowPayload(typeof(PropertyOrder))]
[assembly: WorkflowPayload(typeof(DerivedClass))]
[assembly: WorkflowPayload(typeof(HidingClass))]
[assembly: WorkflowPayload(typeof(GetterOnly))]
[assembly: WorkflowPayload(typeof(EmptyClass))]
[assembly: WorkflowPayload(typeof(MutableStruct))]
[assembly: WorkflowPayload(typeof(Coordinate))]
[assembly: WorkflowPayload(typeof(Coordinate?))]
[assembly: WorkflowPayload(typeof(RecordStruct))]
[assembly: WorkflowPayload(typeof(StructWithConstructor))]
[assembly: WorkflowPayload(typeof(Point))]
[assembly: WorkflowPayload(typeof(MemberConverters))]
[assembly: WorkflowPayload(typeof(Moods))]
[assembly: WorkflowPayload(typeof(Loose))]
[assembly: WorkflowPayload(typeof(WebTypes))]
[assembly: WorkflowPayload(typeof(BigNumbers))]
[assembly: WorkflowPayload(typeof(Outer))]
[assembly: WorkflowPayload(typeof(Outer.InnerClass))]
[assembly: WorkflowPayload(typeof(WithInternalMember))]
[assembly: WorkflowPayload(typeof(SelfReferencing))]
[assembly: WorkflowPayload(typeof(Unicode))]
[assembly: WorkflowPayload(typeof(EnumKeys))]
[assembly: WorkflowPayload(typeof(ArraysOfEverything))]
[assembly: WorkflowPayload(typeof(Permissions))]
[assembly: WorkflowPayload(typeof(Huge))]
[assembly: WorkflowPayload(typeof(List<Order>))]
[assembly: WorkflowPayload(typeof(Dictionary<string, Money>))]
[assembly: WorkflowPayload(typeof(IReadOnlyList<string>))]
[assembly: WorkflowPayload(typeof(int?[]))]

namespace Workflows.Serialization.Tests.Corpus;

/// <summary>Workflows and activities whose signatures bring the rest of the corpus into the generated context.</summary>
public static class CorpusWorkflows
{
    [Workflow]
    public static Task<Order> PlaceOrder(WorkflowContext ctx, Order order, Color color) => Task.FromResult(order with { Color = color });

    [Workflow]
    public static Task<TreeNode> Grow(WorkflowContext ctx, TreeNode root, Permissions permissions) => Task.FromResult(root);

    [Activity]
    public static Money Convert(Money money, string currency, decimal rate, Tiny size) => new(money.Amount * rate, currency);

    [Activity]
    public static Task<Guid> Stamp(DateTimeOffset at, TimeSpan after, DateTime local, bool flag, long count, double ratio) => Task.FromResult(Guid.Empty);

    [Activity]
    public static ValueTask<string> Describe(OrderLine line, CancellationToken cancellationToken) => ValueTask.FromResult(line.Sku);
}
