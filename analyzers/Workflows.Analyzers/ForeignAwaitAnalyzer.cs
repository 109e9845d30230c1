using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1008: awaiting a task that the workflow runtime did not create, for example a stream read or
/// a call into a library. Workflow awaitables are tasks from the Workflows SDK, from methods of the
/// current compilation, and the Task combinators (WhenAll, WhenAny, FromResult, CompletedTask).
/// APIs already reported by WF1003, WF1004 and WF1011 are not reported again.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignAwaitAnalyzer : WorkflowAnalyzerBase
{
    private const string Replacement = "an activity (ctx.ExecuteActivityAsync)";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ForeignAwait);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        var io = IoApis.Build(context.Compilation, context.Options, context.CancellationToken);
        context.RegisterOperationAction(c => Analyze(c, model, io), OperationKind.Await);
    }

    private static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance }:
                    operation = instance;
                    break;
                default:
                    return operation;
            }
        }
    }

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model, ApiTable io)
    {
        var awaited = Unwrap(((IAwaitOperation)context.Operation).Operation);
        ISymbol? member = awaited switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (member is null || IsWorkflowAwaitable(member, model) || io.TryMatch(member, awaited, out _, out _))
        {
            return;
        }

        var api = ApiTable.Display(member.ContainingType, member);
        ReportIfWorkflowCode(context, model, Descriptors.ForeignAwait, awaited, awaited.Syntax.GetLocation(), api, Replacement);
    }

    private static bool IsWorkflowAwaitable(ISymbol member, WorkflowModel model)
    {
        var type = member.ContainingType;
        if (type is null || WorkflowModel.IsWorkflowsSdkSymbol(type) || SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, model.Compilation.Assembly))
        {
            return true;
        }

        if (type.TypeKind == TypeKind.Delegate)
        {
            // The delegate's target is unknown here; code passed as a delegate is analyzed where it is written.
            return true;
        }

        // Task members are combinators (WhenAll, WhenAny, FromResult, CompletedTask, Yield) or are
        // reported by WF1003 (Delay, WaitAsync) and WF1004 (Run, ContinueWith, StartNew).
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns == "System.Threading.Tasks" && type.Name is "Task" or "ValueTask" or "TaskFactory" or "Parallel";
    }
}
