using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1016: an endless loop (<c>while (true)</c>, <c>for (;;)</c>, <c>do … while (true)</c>) in workflow
/// code that issues workflow calls and has no way out: no <c>ContinueAsNew</c> call, no
/// <c>break</c> out of the loop and no <c>return</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedLoopAnalyzer : WorkflowAnalyzerBase
{
    private const string Replacement = "'ctx.ContinueAsNew(...)' after a bounded number of iterations";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnboundedHistoryLoop);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        context.RegisterOperationAction(c => Analyze(c, model), OperationKind.Loop);
    }

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model)
    {
        var loop = (ILoopOperation)context.Operation;
        var (endless, api) = loop switch
        {
            IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } w => (true, w.ConditionIsTop ? "while (true)" : "do … while (true)"),
            IForLoopOperation { Condition: null } => (true, "for (;;)"),
            IForLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => (true, "for (;;)"),
            _ => (false, string.Empty),
        };
        if (!endless)
        {
            return;
        }

        var issuesWorkflowCalls = false;
        foreach (var operation in loop.Body.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name.StartsWith("ContinueAsNew", StringComparison.Ordinal):
                    return;
                case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } ret when !IsInNestedFunction(ret, loop):
                    return;
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo } branch when !IsInside(branch.Target, loop):
                    return;
                case IInvocationOperation invocation when WorkflowModel.IsWorkflowsSdkSymbol(invocation.TargetMethod.ContainingType):
                    issuesWorkflowCalls = true;
                    break;
            }
        }

        if (!issuesWorkflowCalls)
        {
            return;
        }

        var location = loop.Syntax switch
        {
            WhileStatementSyntax w => w.WhileKeyword.GetLocation(),
            DoStatementSyntax d => d.DoKeyword.GetLocation(),
            ForStatementSyntax f => f.ForKeyword.GetLocation(),
            _ => loop.Syntax.GetLocation(),
        };
        ReportIfWorkflowCode(context, model, Descriptors.UnboundedHistoryLoop, loop, location, api, Replacement);
    }

    private static bool IsInNestedFunction(IOperation operation, IOperation loop)
    {
        for (var current = operation.Parent; current is not null && !ReferenceEquals(current, loop); current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the branch target label belongs to a loop nested inside <paramref name="loop"/> (or to the loop's continue label).</summary>
    private static bool IsInside(ILabelSymbol target, ILoopOperation loop)
    {
        if (SymbolEqualityComparer.Default.Equals(target, loop.ExitLabel))
        {
            return false;
        }

        foreach (var nested in loop.Body.Descendants())
        {
            if (nested is ILoopOperation inner && SymbolEqualityComparer.Default.Equals(inner.ExitLabel, target))
            {
                return true;
            }

            if (nested is ISwitchOperation sw && SymbolEqualityComparer.Default.Equals(sw.ExitLabel, target))
            {
                return true;
            }

            if (nested is ILabeledOperation labeled && SymbolEqualityComparer.Default.Equals(labeled.Label, target))
            {
                return true;
            }
        }

        return false;
    }
}
