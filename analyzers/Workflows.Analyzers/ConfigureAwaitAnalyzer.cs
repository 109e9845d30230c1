using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1005: <c>ConfigureAwait(false)</c> (or <c>ConfigureAwaitOptions</c> without
/// <c>ContinueOnCapturedContext</c>) in workflow code, which moves the continuation off the workflow scheduler.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConfigureAwaitAnalyzer : WorkflowAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ConfigureAwaitFalse);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        context.RegisterOperationAction(c => Analyze(c, model), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "ConfigureAwait" || invocation.Arguments.Length == 0 || !LeavesScheduler(invocation.Arguments[invocation.Arguments.Length - 1].Value))
        {
            return;
        }

        var ns = invocation.TargetMethod.ContainingNamespace?.ToDisplayString();
        if (ns is not ("System.Threading.Tasks" or "System.Runtime.CompilerServices"))
        {
            return;
        }

        var api = invocation.Syntax.ToString();
        var dot = api.LastIndexOf(".ConfigureAwait", StringComparison.Ordinal);
        api = dot >= 0 ? api.Substring(dot + 1) : api;
        ReportIfWorkflowCode(context, model, Descriptors.ConfigureAwaitFalse, invocation, invocation.Syntax.GetLocation(), api, "a plain 'await'");
    }

    private static bool LeavesScheduler(IOperation argument)
    {
        var constant = argument.ConstantValue;
        if (!constant.HasValue)
        {
            return false;
        }

        return constant.Value switch
        {
            bool b => !b,
            int options when argument.Type?.Name == "ConfigureAwaitOptions" => (options & 1) == 0,
            _ => false,
        };
    }
}
