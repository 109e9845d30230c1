using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// WF2012 fix for a signal handler that returns a value, which nobody receives (a signal is one-way): the handler
/// returns <c>void</c>, or <c>Task</c> when it is async or returns <c>Task&lt;T&gt;</c>. A <c>return value;</c>
/// whose value is a call, an assignment, an increment or an await keeps it as a statement; any other value is
/// dropped (<c>return;</c>, and a final one goes). Nested lambdas and local functions are left alone. A handler
/// returning a non-generic <c>ValueTask</c> or a <c>ValueTask&lt;T&gt;</c> without <c>async</c> gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SignalHandlerCodeFixProvider))]
public sealed class SignalHandlerCodeFixProvider : CodeFixProvider
{
    private const string TaskName = "System.Threading.Tasks.Task";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InvalidSignalHandler);

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
            if (!diagnostic.Properties.TryGetValue(WorkflowClassAnalyzer.FixKey, out var fix) || fix != WorkflowClassAnalyzer.DropResultFix
                || root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method
                || model.GetDeclaredSymbol(method, context.CancellationToken) is not { } symbol)
            {
                continue;
            }

            bool isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
            bool returnsTask = symbol.ReturnType is INamedTypeSymbol { Arity: 1 } named && named.ConstructedFrom.ToDisplayString() == TaskName + "<TResult>";
            bool returnsTaskLike = symbol.ReturnType.ToDisplayString().StartsWith("System.Threading.Tasks.", StringComparison.Ordinal);
            if (!isAsync && returnsTaskLike && !returnsTask)
            {
                continue;
            }

            // async, or Task<T> without async (a Task<T> is a Task, so the body stays): Task; otherwise void.
            bool toTask = isAsync || returnsTask;
            string typeName = toTask ? TypeNames.Shortest(model, method.SpanStart, TaskName, "Task") : "void";
            context.RegisterCodeFix(
                CodeAction.Create(
                    toTask ? "Return Task (a signal has no result)" : "Return void (a signal has no result)",
                    _ =>
                    {
                        var edited = toTask && !isAsync ? method : DropReturnValues(method);
                        edited = edited.WithReturnType(SyntaxFactory.ParseTypeName(typeName).WithTriviaFrom(method.ReturnType));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, edited)));
                    },
                    equivalenceKey: nameof(SignalHandlerCodeFixProvider)),
                diagnostic);
        }
    }

    private static MethodDeclarationSyntax DropReturnValues(MethodDeclarationSyntax method)
    {
        if (method.ExpressionBody is { } arrow)
        {
            if (IsStatementExpression(arrow.Expression))
            {
                return method;
            }

            // '=> value' becomes an empty body on the same line.
            // Tokens without elastic trivia, so the formatter leaves '{ }' on one line.
            var block = SyntaxFactory.Block(
                SyntaxFactory.Token(arrow.ArrowToken.LeadingTrivia, SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                default,
                SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CloseBraceToken, method.SemicolonToken.TrailingTrivia));
            return method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block);
        }

        if (method.Body is null)
        {
            return method;
        }

        var returns = method.Body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<ReturnStatementSyntax>()
            .Where(r => r.Expression is not null)
            .ToList();
        var body = method.Body.ReplaceNodes(returns, (original, _) => original.Expression is { } value && IsStatementExpression(value)
            ? SyntaxFactory.ExpressionStatement(value.WithoutTrivia(), original.SemicolonToken).WithLeadingTrivia(original.GetLeadingTrivia())
            : (StatementSyntax)original.WithReturnKeyword(original.ReturnKeyword.WithTrailingTrivia()).WithExpression(null));
        if (body.Statements.LastOrDefault() is ReturnStatementSyntax { Expression: null } last && !last.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
        {
            body = body.WithStatements(body.Statements.Remove(last));
        }

        return method.WithBody(body);
    }

    private static bool IsStatementExpression(ExpressionSyntax expression) => expression is InvocationExpressionSyntax
        or AssignmentExpressionSyntax
        or AwaitExpressionSyntax
        or ObjectCreationExpressionSyntax
        or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }
        or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression };
}
