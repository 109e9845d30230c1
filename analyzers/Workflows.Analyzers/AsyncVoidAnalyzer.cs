using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Workflows.Analyzers;

/// <summary>WF1007: async void methods, local functions and lambdas in workflow code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : WorkflowAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncVoid);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, WorkflowModel model)
    {
        context.RegisterOperationAction(c => Analyze(c, model), OperationKind.MethodBody, OperationKind.LocalFunction, OperationKind.AnonymousFunction);
    }

    private static void Analyze(OperationAnalysisContext context, WorkflowModel model)
    {
        var (symbol, location) = context.Operation switch
        {
            IMethodBodyOperation body => (context.ContainingSymbol as IMethodSymbol, (body.Syntax as MethodDeclarationSyntax)?.Identifier.GetLocation()),
            ILocalFunctionOperation local => (local.Symbol, (local.Syntax as LocalFunctionStatementSyntax)?.Identifier.GetLocation()),
            IAnonymousFunctionOperation lambda => (lambda.Symbol, (lambda.Syntax as AnonymousFunctionExpressionSyntax)?.AsyncKeyword.GetLocation()),
            _ => (null, null),
        };
        if (symbol is not { IsAsync: true, ReturnsVoid: true } || location is null)
        {
            return;
        }

        if (!model.TryGetWorkflowChain(context.Operation, context.ContainingSymbol, out var chain))
        {
            return;
        }

        // A method's own name already ends its chain; lambdas and local functions are appended.
        var api = symbol.MethodKind == MethodKind.AnonymousFunction ? "async lambda" : symbol.Name;
        if (context.Operation is not IMethodBodyOperation)
        {
            chain = WorkflowModel.Chain(chain, api);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.AsyncVoid, location, api, "'async Task'", chain));
    }
}
