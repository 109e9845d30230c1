using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// Base of the analyzers that ban a table of APIs: reports invocations, property and field reads,
/// object creations and method groups of the APIs in the table when they occur in workflow code.
/// </summary>
public abstract class ApiUsageAnalyzerBase : WorkflowAnalyzerBase
{
    private protected abstract ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken);

    private protected sealed override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        var table = BuildTable(context.Compilation, context.Options, context.CancellationToken);
        if (table.IsEmpty)
        {
            return;
        }

        context.RegisterOperationAction(
            c => Analyze(c, model, table),
            OperationKind.Invocation,
            OperationKind.PropertyReference,
            OperationKind.FieldReference,
            OperationKind.ObjectCreation,
            OperationKind.MethodReference,
            OperationKind.EventReference);
        OnTableReady(context, model, table);
    }

#pragma warning disable RS1012 // Hook for derived analyzers that register more actions; the default registers none.
    private protected virtual void OnTableReady(CompilationStartAnalysisContext context, WorkflowModel model, ApiTable table)
    {
    }
#pragma warning restore RS1012

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model, ApiTable table)
    {
        var operation = context.Operation;
        ISymbol? member = operation switch
        {
            IInvocationOperation i => i.TargetMethod,
            IPropertyReferenceOperation p => p.Property,
            IFieldReferenceOperation f => f.Field,
            IObjectCreationOperation o => o.Constructor,
            IMethodReferenceOperation m => m.Method,
            IEventReferenceOperation e => e.Event,
            _ => null,
        };
        if (member is null || !table.TryMatch(member, operation, out var entry, out var display))
        {
            return;
        }

        var properties = entry.Fix is null
            ? null
            : ImmutableDictionary<string, string?>.Empty.Add(ApiTable.FixProperty, entry.Fix);
        ReportIfWorkflowCode(context, model, entry.Descriptor, operation, operation.Syntax.GetLocation(), display, entry.Replacement, properties);
    }
}
