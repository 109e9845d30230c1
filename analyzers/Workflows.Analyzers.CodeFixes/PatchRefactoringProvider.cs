using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeRefactorings;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// "Put this change behind a patch": wraps the selected statements of workflow code (or the statement at the
/// caret) in <c>if (ctx.IsPatched("Method-N")) { ... } else { ... }</c>, with the statements in both branches and a
/// comment on the old one, so the developer edits the new branch and the executions already running replay the old.
/// The patch id is the method's name and the first number no patch of that method uses yet (WF3001 flags a reused one).
/// Offered only where it is clean: a workflow context is in scope, and no local the statements declare is used
/// after them (it would go out of scope inside the branches).
/// </summary>
[ExportCodeRefactoringProvider(LanguageNames.CSharp, Name = nameof(PatchRefactoringProvider))]
public sealed class PatchRefactoringProvider : CodeRefactoringProvider
{
    /// <summary>The action's title.</summary>
    public const string Title = "Put this change behind a patch (IsPatched)";

    /// <inheritdoc />
    public override async Task ComputeRefactoringsAsync(CodeRefactoringContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var statements = SelectedStatements(root, context.Span);
        if (statements.IsEmpty || statements.Any(s => s is LocalFunctionStatementSyntax))
        {
            return;
        }

        string? contextName = WorkflowContextLocator.Find(model, statements[0]);
        if (contextName is null || DeclaresLocalUsedOutside(model, statements))
        {
            return;
        }

        var body = statements[0].Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax) ?? statements[0].Parent!;
        string patchId = NextPatchId(body, MethodName(body));
        context.RegisterRefactoring(CodeAction.Create(
            Title,
            _ => Task.FromResult(context.Document.WithSyntaxRoot(Wrap(root, statements, contextName, patchId))),
            equivalenceKey: nameof(PatchRefactoringProvider)));
    }

    // The statement at the caret, or the statements of one block that the selection touches.
    private static ImmutableArray<StatementSyntax> SelectedStatements(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (!span.IsEmpty)
        {
            // A selection: every statement it touches in the innermost block that holds it.
            var block = node.AncestorsAndSelf().OfType<BlockSyntax>().FirstOrDefault(b => b.Span.Contains(span));
            var touched = block?.Statements.Where(s => s.Span.IntersectsWith(span)).ToImmutableArray() ?? ImmutableArray<StatementSyntax>.Empty;
            if (!touched.IsEmpty)
            {
                return touched;
            }
        }

        var statement = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax && s is not BlockSyntax);
        return statement is null ? ImmutableArray<StatementSyntax>.Empty : ImmutableArray.Create(statement);
    }

    private static bool DeclaresLocalUsedOutside(SemanticModel model, ImmutableArray<StatementSyntax> statements)
    {
        var flow = model.AnalyzeDataFlow(statements[0], statements[statements.Length - 1]);
        if (flow is null || !flow.Succeeded)
        {
            return true;
        }

        return flow.VariablesDeclared.Any(v => flow.ReadOutside.Contains(v, SymbolEqualityComparer.Default) || flow.WrittenOutside.Contains(v, SymbolEqualityComparer.Default));
    }

    private static string MethodName(SyntaxNode body) => body switch
    {
        MethodDeclarationSyntax method => method.Identifier.ValueText,
        LocalFunctionStatementSyntax local => local.Identifier.ValueText,
        _ => body.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText ?? "patch",
    };

    // The first "{method}-{n}" that no IsPatched/DeprecatePatch call of the method already names.
    private static string NextPatchId(SyntaxNode body, string method)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsPatched" or "DeprecatePatch" }
                && invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal
                && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                used.Add(literal.Token.ValueText);
            }
        }

        for (int n = 1; ; n++)
        {
            string id = method + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (!used.Contains(id))
            {
                return id;
            }
        }
    }

    private static SyntaxNode Wrap(SyntaxNode root, ImmutableArray<StatementSyntax> statements, string contextName, string patchId)
    {
        var block = (BlockSyntax)statements[0].Parent!;
        var leading = statements[0].GetLeadingTrivia();
        var moved = statements.Select((s, i) => i == 0 ? s.WithLeadingTrivia(s.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))) : s).ToList();
        var condition = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(contextName), SyntaxFactory.IdentifierName("IsPatched")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(patchId))))));
        var oldBranch = SyntaxFactory.Block(moved.Select(s => s.WithoutAnnotations()))
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(
                SyntaxFactory.ElasticCarriageReturnLineFeed,
                SyntaxFactory.Comment("// The code as it was before the change: executions started earlier replay this branch."),
                SyntaxFactory.ElasticCarriageReturnLineFeed));
        var wrapped = SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(moved), SyntaxFactory.ElseClause(oldBranch))
            .WithLeadingTrivia(leading)
            .WithAdditionalAnnotations(Formatter.Annotation);

        int first = block.Statements.IndexOf(statements[0]);
        var kept = block.Statements.Where((_, i) => i < first || i >= first + statements.Length).ToList();
        kept.Insert(first, wrapped);
        return root.ReplaceNode(block, block.WithStatements(SyntaxFactory.List(kept)));
    }
}
