using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1014: mutable static state in workflow code: reading or writing a non-readonly static field or
/// a static property with a setter declared in this compilation, and mutating the contents of a
/// static readonly field (calling Add, Clear…, or assigning an element). Constants and reads of
/// static readonly fields are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MutableStaticStateAnalyzer : WorkflowAnalyzerBase
{
    private const string Replacement = "state held by the workflow run (locals, workflow instance fields or workflow input)";

    private static readonly ImmutableHashSet<string> s_mutators = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "Add", "AddRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "Clear", "Insert", "InsertRange", "Enqueue", "Dequeue",
        "TryDequeue", "Push", "Pop", "TryPop", "TryAdd", "TryRemove", "TryUpdate", "AddOrUpdate", "GetOrAdd", "Append", "AppendLine",
        "Sort", "Reverse", "Set", "UnionWith", "ExceptWith", "IntersectWith", "Increment", "Decrement", "Exchange", "CompareExchange");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MutableStaticState);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        var assembly = context.Compilation.Assembly;
        context.RegisterOperationAction(c => AnalyzeField(c, model, assembly), OperationKind.FieldReference);
        context.RegisterOperationAction(c => AnalyzeProperty(c, model, assembly), OperationKind.PropertyReference);
    }

    private static void AnalyzeField(OperationAnalysisContext context, WorkflowModel model, IAssemblySymbol assembly)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        if (!field.IsStatic || field.IsConst || !SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, assembly))
        {
            return;
        }

        if (field.IsReadOnly && !IsMutatedThrough(reference))
        {
            return;
        }

        ReportIfWorkflowCode(context, model, Descriptors.MutableStaticState, reference, reference.Syntax.GetLocation(), field.ContainingType.Name + "." + field.Name, Replacement);
    }

    private static void AnalyzeProperty(OperationAnalysisContext context, WorkflowModel model, IAssemblySymbol assembly)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        if (!property.IsStatic || property.SetMethod is null || property.SetMethod.IsInitOnly
            || !SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, assembly))
        {
            return;
        }

        ReportIfWorkflowCode(context, model, Descriptors.MutableStaticState, reference, reference.Syntax.GetLocation(), property.ContainingType.Name + "." + property.Name, Replacement);
    }

    /// <summary>True when the contents of the referenced static readonly field are mutated at this use.</summary>
    private static bool IsMutatedThrough(IFieldReferenceOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IInvocationOperation invocation when s_mutators.Contains(invocation.TargetMethod.Name):
                return ReferenceEquals(Unwrap(invocation.Instance), reference)
                    || (invocation.TargetMethod.IsExtensionMethod is false && invocation.Instance is null && invocation.Arguments.Length > 0 && ReferenceEquals(Unwrap(invocation.Arguments[0].Value), reference));
            case IArgumentOperation { Parent: IInvocationOperation call } argument when s_mutators.Contains(call.TargetMethod.Name)
                && call.Arguments.Length > 0 && ReferenceEquals(call.Arguments[0], argument) && argument.Parameter?.RefKind == RefKind.Ref:
                return true;
            case IArrayElementReferenceOperation element when IsAssignmentTarget(element):
                return true;
            case IPropertyReferenceOperation { Arguments.Length: > 0 } indexer when IsAssignmentTarget(indexer):
                return true;
            default:
                return false;
        }
    }

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsAssignmentTarget(IOperation operation) =>
        operation.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, operation)
        || operation.Parent is IIncrementOrDecrementOperation;
}
