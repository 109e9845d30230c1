using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1012 (Info: Dictionary, HashSet) and WF1013 (Warning: Hashtable, concurrent and immutable hash
/// collections): <c>foreach</c> and order-sensitive LINQ over collections without a defined order in workflow code.
/// LINQ chains that end in an ordering (OrderBy) or an order-insensitive aggregate (Count, Any, Sum,
/// ToDictionary…) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnorderedIterationAnalyzer : WorkflowAnalyzerBase
{
    private const string Replacement = "an explicit order (OrderBy) or a sorted or list collection";

    private static readonly ImmutableHashSet<string> s_orderInsensitive = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "OrderBy", "OrderByDescending", "Order", "OrderDescending", "Count", "LongCount", "Any", "All", "Contains", "Min", "Max",
        "MinBy", "MaxBy", "Sum", "Average", "ToDictionary", "ToHashSet", "ToLookup", "GroupBy", "ToFrozenDictionary", "ToFrozenSet",
        "ToImmutableDictionary", "ToImmutableHashSet", "ToImmutableSortedDictionary", "ToImmutableSortedSet", "Distinct", "SequenceEqual");

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

        context.RegisterOperationAction(c => AnalyzeForEach(c, model, sets), OperationKind.Loop);
        if (enumerable is not null)
        {
            context.RegisterOperationAction(c => AnalyzeLinq(c, model, sets, enumerable), OperationKind.Invocation);
        }
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
