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
            case IPropertyReferenceOperation { Property.Name: "Result" } property when IsTaskType(property.Property.ContainingType, model)
                && !WasAwaitedBefore(property.Instance, property):
                Report(context, model, property, "Result", ".Result", "'await'");
                break;
            case IInvocationOperation { TargetMethod.Name: "Wait" } wait when IsTaskType(wait.TargetMethod.ContainingType, model):
                Report(context, model, wait, wait.Instance is null ? null : "Wait", "Task.Wait", "'await'");
                break;
            case IInvocationOperation { TargetMethod.Name: "WaitAll" or "WaitAny" } waitAll when IsTaskType(waitAll.TargetMethod.ContainingType, model):
                Report(context, model, waitAll, null, "Task." + waitAll.TargetMethod.Name, waitAll.TargetMethod.Name == "WaitAll" ? "'await Task.WhenAll'" : "'await Task.WhenAny'");
                break;
            case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter } getResult
                when getResult.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices":
                Report(context, model, getResult, getAwaiter.Instance is null ? null : "GetResult", "GetAwaiter().GetResult()", "'await'");
                break;
        }
    }

    /// <summary>
    /// True when the task is a local, parameter or field that an earlier <c>await</c> in the same
    /// method already completed, directly or through <c>WhenAll</c>/<c>WhenAny</c>: reading
    /// <c>.Result</c> after <c>await Task.WhenAll(a, b)</c> does not block.
    /// </summary>
    private static bool WasAwaitedBefore(IOperation? task, IOperation use)
    {
        var symbol = ReferencedSymbol(task);
        if (symbol is null)
        {
            return false;
        }

        var root = use;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is not IAwaitOperation awaited || awaited.Syntax.SpanStart >= use.Syntax.SpanStart)
            {
                continue;
            }

            foreach (var part in awaited.Operation.DescendantsAndSelf())
            {
                if (SymbolEqualityComparer.Default.Equals(ReferencedSymbol(part), symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static ISymbol? ReferencedSymbol(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };
    }

    private static void Report(OperationAnalysisContext context, WorkflowModel model, IOperation operation, string? kind, string api, string replacement)
    {
        var properties = kind is null ? null : ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
        ReportIfWorkflowCode(context, model, Descriptors.BlockingWait, operation, operation.Syntax.GetLocation(), api, replacement, properties);
    }
}
