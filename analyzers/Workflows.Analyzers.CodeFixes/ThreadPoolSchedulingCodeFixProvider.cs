using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// WF1004 fix: turns <c>Task.Run(async () =&gt; …)</c> (the <c>Func&lt;Task&gt;</c> overload) into the
/// workflow coroutine <c>ctx.Go(async _ =&gt; …)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadPoolSchedulingCodeFixProvider))]
public sealed class ThreadPoolSchedulingCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ThreadPoolScheduling);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ApiTable.FixProperty, out var fix) || fix != ThreadPoolSchedulingAnalyzer.GoFix
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || invocation.ArgumentList.Arguments.Count != 1
                || invocation.ArgumentList.Arguments[0].Expression is not ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 0 } lambda
                || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method
                || method.IsGenericMethod
                || !IsFuncOfTask(method.Parameters[0].Type))
            {
                continue;
            }

            var contextName = WorkflowContextLocator.Find(model, invocation);
            if (contextName is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use " + contextName + ".Go",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, Rewrite(invocation, lambda, contextName)))),
                    equivalenceKey: nameof(ThreadPoolSchedulingCodeFixProvider)),
                diagnostic);
        }
    }

    private static bool IsFuncOfTask(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Func", TypeArguments.Length: 1 } func
        && func.TypeArguments[0] is INamedTypeSymbol { Name: "Task", IsGenericType: false };

    private static InvocationExpressionSyntax Rewrite(InvocationExpressionSyntax invocation, ParenthesizedLambdaExpressionSyntax lambda, string contextName)
    {
        var coroutine = SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier("_")))
            .WithAsyncKeyword(lambda.AsyncKeyword)
            .WithArrowToken(lambda.ArrowToken)
            .WithBlock(lambda.Block)
            .WithExpressionBody(lambda.ExpressionBody)
            .WithTriviaFrom(lambda);
        var target = SyntaxFactory.ParseExpression(contextName + ".Go").WithTriviaFrom(invocation.Expression);
        return invocation
            .WithExpression(target)
            .WithArgumentList(invocation.ArgumentList.ReplaceNode(lambda, coroutine));
    }
}
