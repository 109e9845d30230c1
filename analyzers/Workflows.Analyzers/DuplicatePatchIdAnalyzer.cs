using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF3001: the same constant patch id passed to <c>IsPatched</c> or <c>DeprecatePatch</c> more than once in one method
/// (its lambdas and local functions included). The first use is fine; every later one is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicatePatchIdAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(UsageDescriptors.DuplicatePatchId);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Projects without the Workflows runtime pay nothing.
            if (start.Compilation.GetTypeByMetadataName("Workflows.WorkflowContext") is not { } contextType)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                var uses = new List<(string Id, IInvocationOperation Call)>();
                block.RegisterOperationAction(
                    c =>
                    {
                        if (PatchId((IInvocationOperation)c.Operation, contextType) is { } id)
                        {
                            lock (uses)
                            {
                                uses.Add((id, (IInvocationOperation)c.Operation));
                            }
                        }
                    },
                    OperationKind.Invocation);
                block.RegisterOperationBlockEndAction(end => Report(end, uses));
            });
        });
    }

    private static string? PatchId(IInvocationOperation call, INamedTypeSymbol contextType)
    {
        var method = call.TargetMethod;
        if (method.Name is not ("IsPatched" or "DeprecatePatch") || !SymbolEqualityComparer.Default.Equals(method.ContainingType, contextType))
        {
            return null;
        }

        return call.Arguments.Length == 1 && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string id } ? id : null;
    }

    private static void Report(OperationBlockAnalysisContext context, List<(string Id, IInvocationOperation Call)> uses)
    {
        // Source order decides which use is the first, whatever order the actions ran in.
        foreach (var group in uses.GroupBy(u => u.Id, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(u => u.Call.Syntax.SpanStart).ToList();
            int firstLine = ordered[0].Call.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            foreach (var (id, call) in ordered.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(UsageDescriptors.DuplicatePatchId, call.Syntax.GetLocation(), id, firstLine, context.OwningSymbol.Name));
            }
        }
    }
}
