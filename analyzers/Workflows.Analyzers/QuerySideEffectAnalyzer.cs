using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>
/// WF2014: the body of a <c>[WorkflowQuery]</c> member assigns a field or property of the workflow, or uses
/// <c>WorkflowContext</c>. A query runs on a replayed copy, so an assignment is lost and a context call would
/// schedule work nobody records; the runtime refuses the latter at run time, this says so at compile time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QuerySideEffectAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [WorkflowClassDescriptors.QuerySideEffect];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var query = start.Compilation.GetTypeByMetadataName(WorkflowClassRules.QueryAttributeName);
            var workflowContext = start.Compilation.GetTypeByMetadataName("Workflows.WorkflowContext");
            if (query is null || workflowContext is null)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                if (QueryOf(block.OwningSymbol, query) is not { } member)
                {
                    return;
                }

                block.RegisterOperationAction(c => AnalyzeAssignment(c, member), OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.Increment, OperationKind.Decrement, OperationKind.CoalesceAssignment);
                block.RegisterOperationAction(c => AnalyzeContextUse(c, member, workflowContext), OperationKind.Invocation, OperationKind.PropertyReference);
            });
        });
    }

    // The query member itself: a [WorkflowQuery] method, or the getter of a [WorkflowQuery] property.
    private static ISymbol? QueryOf(ISymbol owner, INamedTypeSymbol query)
    {
        ISymbol? member = owner is IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } ? property : owner;
        return member is not null && member.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, query)) ? member : null;
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, ISymbol query)
    {
        var target = context.Operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation step => step.Target,
            _ => null,
        };

        // Fields and properties of the workflow object (this.x, x); locals and other objects' members are the query's own business.
        if (target is IFieldReferenceOperation { Instance: IInstanceReferenceOperation } or IPropertyReferenceOperation { Instance: IInstanceReferenceOperation }
            || target is IFieldReferenceOperation { Field.IsStatic: true } or IPropertyReferenceOperation { Property.IsStatic: true })
        {
            var name = target is IFieldReferenceOperation field ? field.Field.Name : ((IPropertyReferenceOperation)target).Property.Name;
            context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.QuerySideEffect, context.Operation.Syntax.GetLocation(), query.Name, query.ContainingType.Name, $"assigns '{name}'"));
        }
    }

    private static void AnalyzeContextUse(OperationAnalysisContext context, ISymbol query, INamedTypeSymbol workflowContext)
    {
        ISymbol? used = context.Operation switch
        {
            IInvocationOperation invocation when IsContext(invocation.Instance?.Type, workflowContext)
                || (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 && IsContext(invocation.Arguments[0].Value.Type, workflowContext)) => invocation.TargetMethod,
            IPropertyReferenceOperation property when IsContext(property.Instance?.Type, workflowContext) => property.Property,
            _ => null,
        };
        if (used is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.QuerySideEffect, context.Operation.Syntax.GetLocation(), query.Name, query.ContainingType.Name, $"uses WorkflowContext ('{used.Name}')"));
        }
    }

    private static bool IsContext(ITypeSymbol? type, INamedTypeSymbol workflowContext)
        => type is not null && (SymbolEqualityComparer.Default.Equals(type, workflowContext)
            || (type.ContainingType is { } outer && SymbolEqualityComparer.Default.Equals(outer, workflowContext)));
}
