using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Workflows.Analyzers;

/// <summary>
/// Silences, inside workflow code only, mainstream rules whose advice is wrong there:
/// CA2007 and VSTHRD111 (add ConfigureAwait: in workflow code that is a bug, see WF1005),
/// CA5394 (System.Random is insecure: workflow randomness is deterministic by design, see WF1002) and
/// VSTHRD003 (avoid awaiting foreign tasks: tasks started by ctx.Go are awaited later by design).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowCodeSuppressor : DiagnosticSuppressor
{
    internal static readonly SuppressionDescriptor ConfigureAwait = new(
        DiagnosticIds.SuppressConfigureAwait, "CA2007", "Workflow code must not use ConfigureAwait(false); continuations stay on the workflow scheduler.");

    internal static readonly SuppressionDescriptor InsecureRandomness = new(
        DiagnosticIds.SuppressInsecureRandomness, "CA5394", "Workflow randomness is deterministic by design and never used for security.");

    internal static readonly SuppressionDescriptor VsThreadingConfigureAwait = new(
        DiagnosticIds.SuppressVsThreadingConfigureAwait, "VSTHRD111", "Workflow code must not use ConfigureAwait; continuations stay on the workflow scheduler.");

    internal static readonly SuppressionDescriptor VsThreadingForeignTask = new(
        DiagnosticIds.SuppressVsThreadingForeignTask, "VSTHRD003", "Workflow tasks started earlier (ctx.Go, activities) are awaited later by design.");

    /// <inheritdoc />
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
        ImmutableArray.Create(ConfigureAwait, InsecureRandomness, VsThreadingConfigureAwait, VsThreadingForeignTask);

    /// <inheritdoc />
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var model = WorkflowModel.TryGet(context.Compilation);
        if (model is null)
        {
            return;
        }

        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            var descriptor = Find(diagnostic.Id);
            var tree = diagnostic.Location.SourceTree;
            if (descriptor is null || tree is null)
            {
                continue;
            }

            var semanticModel = context.GetSemanticModel(tree);
            var root = tree.GetRoot(context.CancellationToken);
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var symbol = semanticModel.GetEnclosingSymbol(node.SpanStart, context.CancellationToken);
            if (!model.IsWorkflowCode(symbol))
            {
                continue;
            }

            var operation = semanticModel.GetOperation(node, context.CancellationToken);
            if (operation is not null && WorkflowModel.IsInsideExemptLambda(operation))
            {
                continue;
            }

            context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
        }
    }

    private SuppressionDescriptor? Find(string id)
    {
        foreach (var descriptor in SupportedSuppressions)
        {
            if (descriptor.SuppressedDiagnosticId == id)
            {
                return descriptor;
            }
        }

        return null;
    }
}
