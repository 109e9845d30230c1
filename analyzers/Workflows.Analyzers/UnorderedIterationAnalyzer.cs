using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1012 (Info: Dictionary, HashSet) and WF1013 (Warning: Hashtable, concurrent and immutable hash
/// collections): <c>foreach</c>, order-sensitive LINQ, spreads and methods that enumerate a sequence
/// argument (string.Join, new List&lt;T&gt;(…), AddRange…) over collections without a defined order in workflow code.
/// LINQ chains that end in an ordering (OrderBy) or an order-insensitive aggregate (Count, Any, Sum,
/// ToDictionary…) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnorderedIterationAnalyzer : WorkflowAnalyzerBase
{
    private const string Replacement = "an explicit order ('OrderBy') or a sorted or list collection";

    private static readonly ImmutableHashSet<string> s_orderInsensitive = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "OrderBy", "OrderByDescending", "Order", "OrderDescending", "Count", "LongCount", "Any", "All", "Contains", "Min", "Max",
        "MinBy", "MaxBy", "Sum", "Average", "ToDictionary", "ToHashSet", "ToLookup", "GroupBy", "ToFrozenDictionary", "ToFrozenSet",
        "ToImmutableDictionary", "ToImmutableHashSet", "ToImmutableSortedDictionary", "ToImmutableSortedSet", "Distinct", "SequenceEqual");

    /// <summary>Methods that take a sequence but whose result does not depend on its order (set algebra).</summary>
    private static readonly ImmutableHashSet<string> s_orderInsensitiveConsumers = s_orderInsensitive.Union(new[]
    {
        "UnionWith", "IntersectWith", "ExceptWith", "SymmetricExceptWith", "SetEquals", "IsSubsetOf", "IsSupersetOf",
        "IsProperSubsetOf", "IsProperSupersetOf", "Overlaps",
    });

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnorderedIteration, Descriptors.HashOrderedIteration);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        var compilation = context.Compilation;
        var sets = new Dictionary<INamedTypeSymbol, DiagnosticDescriptor>(SymbolEqualityComparer.Default);
        void Add(string name, DiagnosticDescriptor descriptor)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                sets[type] = descriptor;
            }
        }

        Add("System.Collections.Generic.Dictionary`2", Descriptors.UnorderedIteration);
        Add("System.Collections.Generic.Dictionary`2+KeyCollection", Descriptors.UnorderedIteration);
        Add("System.Collections.Generic.Dictionary`2+ValueCollection", Descriptors.UnorderedIteration);
        Add("System.Collections.Generic.HashSet`1", Descriptors.UnorderedIteration);
        Add("System.Collections.Hashtable", Descriptors.HashOrderedIteration);
        Add("System.Collections.Concurrent.ConcurrentDictionary`2", Descriptors.HashOrderedIteration);
        Add("System.Collections.Concurrent.ConcurrentBag`1", Descriptors.HashOrderedIteration);
        Add("System.Collections.Immutable.ImmutableDictionary`2", Descriptors.HashOrderedIteration);
        Add("System.Collections.Immutable.ImmutableHashSet`1", Descriptors.HashOrderedIteration);
        Add("System.Collections.Frozen.FrozenDictionary`2", Descriptors.HashOrderedIteration);
        Add("System.Collections.Frozen.FrozenSet`1", Descriptors.HashOrderedIteration);
        var enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");

        var enumerableOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        var nonGenericEnumerable = compilation.GetSpecialType(SpecialType.System_Collections_IEnumerable);
        var sortedTypes = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in new[]
        {
            "System.Collections.Generic.SortedSet`1", "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedList`2",
            "System.Collections.Immutable.ImmutableSortedSet`1", "System.Collections.Immutable.ImmutableSortedDictionary`2",
        })
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                sortedTypes.Add(type);
            }
        }

        context.RegisterOperationAction(c => AnalyzeForEach(c, model, sets), OperationKind.Loop);
        if (enumerable is not null)
        {
            context.RegisterOperationAction(c => AnalyzeLinq(c, model, sets, enumerable), OperationKind.Invocation);
        }

        var consumers = new Consumers(sets, enumerable, enumerableOfT, nonGenericEnumerable, sortedTypes);
        context.RegisterOperationAction(c => AnalyzeConsumer(c, model, consumers), OperationKind.Invocation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeSpread(c, model, consumers), OperationKind.Spread);
    }

    private sealed class Consumers(
        Dictionary<INamedTypeSymbol, DiagnosticDescriptor> sets,
        INamedTypeSymbol? enumerable,
        INamedTypeSymbol enumerableOfT,
        INamedTypeSymbol nonGenericEnumerable,
        HashSet<INamedTypeSymbol> sortedTypes)
    {
        public Dictionary<INamedTypeSymbol, DiagnosticDescriptor> Sets { get; } = sets;

        public INamedTypeSymbol? Enumerable { get; } = enumerable;

        /// <summary>True for a parameter typed IEnumerable&lt;T&gt; or IEnumerable: the method enumerates what it is given.</summary>
        public bool IsSequenceParameter(IParameterSymbol? parameter)
        {
            var type = parameter?.Type;
            if (parameter is { IsParams: true } && type is IArrayTypeSymbol array)
            {
                type = array.ElementType;
            }

            return SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, enumerableOfT)
                || SymbolEqualityComparer.Default.Equals(type, nonGenericEnumerable);
        }

        /// <summary>True when a collection of this type has no order of its own or sorts what it is given.</summary>
        public bool IgnoresOrder(ITypeSymbol? type)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (sortedTypes.Contains(current.OriginalDefinition) || Sets.ContainsKey(current.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// An unordered collection handed to a method or constructor that enumerates it: string.Join,
    /// new List&lt;T&gt;(…), AddRange, or any method taking IEnumerable&lt;T&gt;. LINQ is judged by
    /// <see cref="AnalyzeLinq"/>; set algebra and the constructors of unordered or sorted collections
    /// do not depend on the order.
    /// </summary>
    private static void AnalyzeConsumer(OperationAnalysisContext context, WorkflowModel model, Consumers consumers)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation i => (i.TargetMethod, i.Arguments),
            IObjectCreationOperation { Constructor: { } c } o => (c, o.Arguments),
            _ => (null!, ImmutableArray<IArgumentOperation>.Empty),
        };
        if (arguments.IsEmpty
            || s_orderInsensitiveConsumers.Contains(method.Name)
            || SymbolEqualityComparer.Default.Equals(method.ContainingType, consumers.Enumerable)
            || (method.MethodKind == MethodKind.Constructor && consumers.IgnoresOrder(method.ContainingType)))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (!consumers.IsSequenceParameter(argument.Parameter))
            {
                continue;
            }

            var descriptor = Classify(argument.Value, consumers.Sets, out var type);
            if (descriptor is null || type is null)
            {
                continue;
            }

            var api = ApiTable.Display(method.ContainingType, method) + "(" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ")";
            ReportIfWorkflowCode(context, model, descriptor, context.Operation, Unwrap(argument.Value).Syntax.GetLocation(), api, Replacement);
        }
    }

    /// <summary>A spread (<c>[.. bag]</c>) of an unordered collection into a collection that keeps order.</summary>
    private static void AnalyzeSpread(OperationAnalysisContext context, WorkflowModel model, Consumers consumers)
    {
        var spread = (ISpreadOperation)context.Operation;
        if (spread.Parent is ICollectionExpressionOperation target && consumers.IgnoresOrder(target.Type))
        {
            return;
        }

        var descriptor = Classify(spread.Operand, consumers.Sets, out var type);
        if (descriptor is null || type is null)
        {
            return;
        }

        var api = ".. " + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        ReportIfWorkflowCode(context, model, descriptor, spread, Unwrap(spread.Operand).Syntax.GetLocation(), api, Replacement);
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation { Operand: { } operand })
        {
            operation = operand;
        }

        return operation;
    }

    private static DiagnosticDescriptor? Classify(IOperation collection, Dictionary<INamedTypeSymbol, DiagnosticDescriptor> sets, out ITypeSymbol? type)
    {
        collection = Unwrap(collection);
        type = collection.Type;

        // ConcurrentDictionary.Keys and .Values are typed ICollection<T>; judge them by their owner.
        if (collection is IPropertyReferenceOperation { Property.Name: "Keys" or "Values", Instance: { } owner })
        {
            var ownerDescriptor = Classify(owner.Type, sets);
            if (ownerDescriptor is not null)
            {
                type = owner.Type;
                return ownerDescriptor;
            }
        }

        return Classify(type, sets);
    }

    private static DiagnosticDescriptor? Classify(ITypeSymbol? type, Dictionary<INamedTypeSymbol, DiagnosticDescriptor> sets)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (sets.TryGetValue(current.OriginalDefinition, out var descriptor))
            {
                return descriptor;
            }
        }

        return null;
    }

    private static void AnalyzeForEach(OperationAnalysisContext context, WorkflowModel model, Dictionary<INamedTypeSymbol, DiagnosticDescriptor> sets)
    {
        if (context.Operation is not IForEachLoopOperation loop)
        {
            return;
        }

        var descriptor = Classify(loop.Collection, sets, out var type);
        if (descriptor is null || type is null)
        {
            return;
        }

        var api = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        ReportIfWorkflowCode(context, model, descriptor, loop, Unwrap(loop.Collection).Syntax.GetLocation(), api, Replacement);
    }

    private static void AnalyzeLinq(OperationAnalysisContext context, WorkflowModel model, Dictionary<INamedTypeSymbol, DiagnosticDescriptor> sets, INamedTypeSymbol enumerable)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod || invocation.Arguments.Length == 0 || !SymbolEqualityComparer.Default.Equals(method.ContainingType, enumerable))
        {
            return;
        }

        var descriptor = Classify(invocation.Arguments[0].Value, sets, out var type);
        if (descriptor is null || type is null || IsOrderedLater(invocation))
        {
            return;
        }

        var api = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + method.Name;
        ReportIfWorkflowCode(context, model, descriptor, invocation, invocation.Syntax.GetLocation(), api, Replacement);
    }

    /// <summary>True when this LINQ call, or a later call of the same chain, orders or aggregates order-insensitively.</summary>
    private static bool IsOrderedLater(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (true)
        {
            if (current is IInvocationOperation call && s_orderInsensitive.Contains(call.TargetMethod.Name))
            {
                return true;
            }

            var parent = current.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation next } argument
                && next.TargetMethod.IsExtensionMethod
                && next.Arguments.Length > 0
                && ReferenceEquals(next.Arguments[0], argument))
            {
                current = next;
                continue;
            }

            return false;
        }
    }
}
