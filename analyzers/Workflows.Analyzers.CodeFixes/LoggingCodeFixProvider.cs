using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>WF1015 fix: logs through <c>ctx.Logger</c> instead of a logger that does not come from the context.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LoggingCodeFixProvider))]
public sealed class LoggingCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NonReplaySafeLogging);

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
            if (!diagnostic.Properties.TryGetValue(ApiTable.FixProperty, out var fix) || fix != LoggingAnalyzer.LoggerFix
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
            {
                continue;
            }

            var contextName = WorkflowContextLocator.Find(model, access);
            if (contextName is null)
            {
                continue;
            }

            var logger = access.Expression;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use " + contextName + ".Logger",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(logger, SyntaxFactory.ParseExpression(contextName + ".Logger").WithTriviaFrom(logger)))),
                    equivalenceKey: nameof(LoggingCodeFixProvider)),
                diagnostic);
        }
    }
}
