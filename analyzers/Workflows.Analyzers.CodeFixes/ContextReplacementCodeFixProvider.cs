using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// Base of the fixes that replace the reported expression with an expression on the workflow
/// context, given by the diagnostic's fix template (for example <c>{ctx}.Now</c>).
/// </summary>
public abstract class ContextReplacementCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ApiTable.FixProperty, out var template) || template is null || !template.Contains("{ctx}"))
            {
                continue;
            }

            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax node)
            {
                continue;
            }

            var contextName = WorkflowContextLocator.Find(model, node);
            if (contextName is null)
            {
                continue;
            }

            var replacementText = template.Replace("{ctx}", contextName);
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use " + replacementText,
                    _ => Task.FromResult(Replace(context.Document, root, node, replacementText)),
                    equivalenceKey: GetType().Name),
                diagnostic);
        }
    }

    private static Document Replace(Document document, SyntaxNode root, ExpressionSyntax node, string replacementText)
    {
        var replacement = SyntaxFactory.ParseExpression(replacementText)
            .WithTriviaFrom(node)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(node, replacement));
    }
}
