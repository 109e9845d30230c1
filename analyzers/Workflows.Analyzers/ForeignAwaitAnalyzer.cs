using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>
/// WF1008: awaiting a task that the workflow runtime did not create, for example a stream read or
/// a call into a library. Workflow awaitables are tasks from the Workflows SDK, from methods of the
/// current compilation, and the Task combinators (WhenAll, WhenAny, FromResult, CompletedTask).
/// APIs already reported by WF1003, WF1004, WF1009 and WF1011 are not reported again.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForeignAwaitAnalyzer : WorkflowAnalyzerBase
{
    private const string Replacement = "an activity ('ctx.ExecuteActivityAsync')";

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

        // await Task.WhenAll(a(), b()) awaits a() and b(): judge the tasks passed in directly.
        if (awaited is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } combinator)
        {
            foreach (var argument in combinator.Arguments)
            {
                foreach (var element in Elements(argument.Value))
                {
                    Check(context, model, io, element);
                }
            }

            return;
        }

        Check(context, model, io, awaited);
    }

    /// <summary>The tasks passed to a combinator: the argument itself, or the elements of a params array, span or collection expression.</summary>
    private static IEnumerable<IOperation> Elements(IOperation value)
    {
        value = Unwrap(value);
        IEnumerable<IOperation>? children = value switch
        {
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            ICollectionExpressionOperation collection => collection.Elements,
            IObjectCreationOperation { Type.Name: "ReadOnlySpan" or "Span", Arguments.Length: 1 } span => [span.Arguments[0].Value],
            _ => null,
        };
        if (children is null)
        {
            yield return value;
            yield break;
        }

        foreach (var child in children)
        {
            foreach (var element in Elements(child))
            {
                yield return element;
            }
        }
    }

    private static void Check(OperationAnalysisContext context, WorkflowModel model, ApiTable io, IOperation awaited)
    {
        ISymbol? member = awaited switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,

            // An indexer reads a task stored earlier (pending[i]), like a local or an array element;
            // where that task came from is judged where it was created.
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
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
        // reported by WF1003 (Delay, WaitAsync) and WF1004 (Run, ContinueWith, StartNew); awaitable
        // members of System.Threading and System.Threading.Channels types (SemaphoreSlim.WaitAsync,
        // CancelAsync, channel reads) are reported by WF1003 and WF1009.
        var ns = type.ContainingNamespace?.ToDisplayString();
        return ns is "System.Threading" or "System.Threading.Channels"
            || (ns == "System.Threading.Tasks" && type.Name is "Task" or "ValueTask" or "TaskFactory" or "Parallel");
    }
}
