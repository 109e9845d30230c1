using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Workflows.Analyzers;

/// <summary>
/// Base of the determinism analyzers: skips compilations without the Workflows SDK and gives
/// derived analyzers the shared <see cref="WorkflowModel"/>.
/// </summary>
public abstract class WorkflowAnalyzerBase : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var model = WorkflowModel.TryGet(start.Compilation);
            if (model is null)
            {
                return;
            }

            OnCompilationStart(start, model);
        });
    }

    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model);

    /// <summary>Reports <paramref name="descriptor"/> when <paramref name="operation"/> is workflow code.</summary>
    private protected static void ReportIfWorkflowCode(
        OperationAnalysisContext context,
        WorkflowModel model,
        DiagnosticDescriptor descriptor,
        IOperation operation,
        Location location,
        string api,
        string replacement,
        ImmutableDictionary<string, string?>? properties = null)
    {
        if (!model.TryGetWorkflowChain(operation, context.ContainingSymbol, out var chain))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, api, replacement, WorkflowModel.Chain(chain, api)));
    }
}
