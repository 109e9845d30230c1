using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// WF1017 fix: passes <c>CultureInfo.InvariantCulture</c> (or <c>StringComparison.Ordinal</c>) to the
/// culture-explicit overload, uses <c>ToLowerInvariant</c>/<c>ToUpperInvariant</c>, formats an
/// interpolated string with <c>string.Create(CultureInfo.InvariantCulture, ...)</c> and a concatenated
/// number or date with <c>ToString(CultureInfo.InvariantCulture)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CultureSensitiveTextCodeFixProvider))]
public sealed class CultureSensitiveTextCodeFixProvider : CodeFixProvider
{
    // Fully qualified and simplified after the edit: reads CultureInfo.InvariantCulture where the namespace
    // is imported, and needs no new using directive (which several fixes in one document would all add).
    private static readonly ExpressionSyntax s_invariant = SyntaxFactory.ParseExpression("global::System.Globalization." + CultureSensitiveTextAnalyzer.Invariant)
        .WithAdditionalAnnotations(Simplifier.Annotation);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CultureSensitiveText);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(CultureSensitiveTextAnalyzer.FixProperty, out var kind) || string.IsNullOrEmpty(kind))
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
            diagnostic.Properties.TryGetValue(CultureSensitiveTextAnalyzer.IndexProperty, out var indexText);
            var index = int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            var replacement = node is null ? null : Rewrite(node, kind!, index);
            if (node is null || replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    kind == CultureSensitiveTextAnalyzer.FixKind.InsertOrdinal ? "Use StringComparison.Ordinal" : "Use the invariant culture",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(unit.ReplaceNode(node, replacement.WithTriviaFrom(node).WithAdditionalAnnotations(Formatter.Annotation)))),
                    equivalenceKey: nameof(CultureSensitiveTextCodeFixProvider)),
                diagnostic);
        }
    }

    private static InvocationExpressionSyntax? Rewrite(ExpressionSyntax node, string kind, int index)
    {
        switch (kind)
        {
            case CultureSensitiveTextAnalyzer.FixKind.InsertCulture:
            case CultureSensitiveTextAnalyzer.FixKind.InsertOrdinal:
                if (node is not InvocationExpressionSyntax invocation || index < 0 || index > invocation.ArgumentList.Arguments.Count
                    || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null))
                {
                    return null;
                }

                var value = kind == CultureSensitiveTextAnalyzer.FixKind.InsertOrdinal
                    ? SyntaxFactory.ParseExpression(CultureSensitiveTextAnalyzer.Ordinal)
                    : s_invariant;
                return invocation.WithArgumentList(invocation.ArgumentList.WithArguments(
                    invocation.ArgumentList.Arguments.Insert(index, SyntaxFactory.Argument(value))));
            case CultureSensitiveTextAnalyzer.FixKind.RenameInvariant:
                if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
                {
                    return null;
                }

                return call.WithExpression(access.WithName(SyntaxFactory.IdentifierName(access.Name.Identifier.ValueText + "Invariant")));
            case CultureSensitiveTextAnalyzer.FixKind.WrapInterpolation:
                if (node is not InterpolatedStringExpressionSyntax interpolated)
                {
                    return null;
                }

                return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("string.Create"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(s_invariant), SyntaxFactory.Argument(interpolated.WithoutTrivia()) })));
            case CultureSensitiveTextAnalyzer.FixKind.ToStringInvariant:
                var receiver = node is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or LiteralExpressionSyntax
                    ? node.WithoutTrivia()
                    : SyntaxFactory.ParenthesizedExpression(node.WithoutTrivia());
                return SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("ToString")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(s_invariant))));
            default:
                return null;
        }
    }
}
