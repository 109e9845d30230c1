using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1006: blocking on a task (<c>.Result</c>, <c>.Wait()</c>, <c>Task.WaitAll/WaitAny</c>,
/// <c>GetAwaiter().GetResult()</c>) in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingWaitAnalyzer : WorkflowAnalyzerBase
{
    /// <summary>Diagnostic property: which blocking shape was found, for the code fix.</summary>
    internal const string KindProperty = "WorkflowsBlockingKind";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BlockingWait);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        context.RegisterOperationAction(c => Analyze(c, model), OperationKind.Invocation, OperationKind.PropertyReference);
    }

    private static bool IsTaskType(ITypeSymbol? type, WorkflowModel model)
    {
        var original = type?.OriginalDefinition;
        return SymbolEqualityComparer.Default.Equals(original, model.Task)
            || SymbolEqualityComparer.Default.Equals(original, model.TaskOfT)
            || SymbolEqualityComparer.Default.Equals(original, model.ValueTask)
            || SymbolEqualityComparer.Default.Equals(original, model.ValueTaskOfT);
    }

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model)
    {
        switch (context.Operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result" } property when IsTaskType(property.Property.ContainingType, model):
                Report(context, model, property, "Result", ".Result", "await");
                break;
            case IInvocationOperation { TargetMethod.Name: "Wait" } wait when IsTaskType(wait.TargetMethod.ContainingType, model):
                Report(context, model, wait, wait.Instance is null ? null : "Wait", "Task.Wait", "await");
                break;
            case IInvocationOperation { TargetMethod.Name: "WaitAll" or "WaitAny" } waitAll when IsTaskType(waitAll.TargetMethod.ContainingType, model):
                Report(context, model, waitAll, null, "Task." + waitAll.TargetMethod.Name, waitAll.TargetMethod.Name == "WaitAll" ? "await Task.WhenAll" : "await Task.WhenAny");
                break;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter } getResult
                when getResult.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices":
                Report(context, model, getResult, getAwaiter.Instance is null ? null : "GetResult", "GetAwaiter().GetResult()", "await");
                break;
        }
    }

    private static void Report(OperationAnalysisContext context, WorkflowModel model, IOperation operation, string? kind, string api, string replacement)
    {
        var properties = kind is null ? null : ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
        ReportIfWorkflowCode(context, model, Descriptors.BlockingWait, operation, operation.Syntax.GetLocation(), api, replacement, properties);
    }
}
