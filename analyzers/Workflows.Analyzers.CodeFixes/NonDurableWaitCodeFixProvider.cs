using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// WF1003 fix: replaces <c>Task.Delay(delay[, token])</c> with the durable timer
/// <c>ctx.DelayAsync(delay[, token])</c>, and a <c>Thread.Sleep(delay);</c> statement in async code with
/// <c>await ctx.DelayAsync(delay);</c>; a delay in milliseconds becomes <c>TimeSpan.FromMilliseconds(ms)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonDurableWaitCodeFixProvider))]
public sealed class NonDurableWaitCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NonDurableWait);

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
            if (!diagnostic.Properties.TryGetValue(ApiTable.FixProperty, out var fix) || fix is not (NonDurableWaitAnalyzer.DelayFix or NonDurableWaitAnalyzer.SleepFix)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation
                || model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            // Thread.Sleep(x); becomes await ctx.DelayAsync(x); only as a statement of async code.
            var sleep = fix == NonDurableWaitAnalyzer.SleepFix;
            if (sleep && (invocation.Parent is not ExpressionStatementSyntax || !IsInAsyncFunction(invocation)))
            {
                continue;
            }

            // Only Delay(TimeSpan|int) and Delay(TimeSpan|int, CancellationToken); TimeProvider overloads have no durable equivalent.
            var parameters = method.Parameters;
            if (parameters.Length is 0 or > 2 || (parameters.Length == 2 && parameters[1].Type.Name != nameof(CancellationToken))
                || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null))
            {
                continue;
            }

            var contextName = WorkflowContextLocator.Find(model, invocation);
            if (contextName is null)
            {
                continue;
            }

            var timeSpan = parameters[0].Type.SpecialType == SpecialType.System_Int32
                ? TypeNames.Shortest(model, invocation.SpanStart, "System.TimeSpan", "TimeSpan")
                : null;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use " + contextName + ".DelayAsync",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(invocation, Rewrite(invocation, contextName, timeSpan, sleep)))),
                    equivalenceKey: nameof(NonDurableWaitCodeFixProvider)),
                diagnostic);
        }
    }

    private static bool IsInAsyncFunction(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static ExpressionSyntax Rewrite(InvocationExpressionSyntax invocation, string contextName, string? timeSpan, bool sleep)
    {
        var arguments = invocation.ArgumentList;
        if (timeSpan is not null)
        {
            var first = arguments.Arguments[0];
            var converted = SyntaxFactory.ParseExpression(timeSpan + ".FromMilliseconds(" + first.Expression.WithoutTrivia().ToFullString() + ")");
            arguments = arguments.ReplaceNode(first, first.WithExpression(converted));
        }

        var target = SyntaxFactory.ParseExpression(contextName + ".DelayAsync").WithTriviaFrom(invocation.Expression);
        var delay = invocation.WithExpression(target).WithArgumentList(arguments);
        return sleep
            ? SyntaxFactory.AwaitExpression(delay.WithoutLeadingTrivia()).WithLeadingTrivia(invocation.GetLeadingTrivia())
            : delay;
    }
}
