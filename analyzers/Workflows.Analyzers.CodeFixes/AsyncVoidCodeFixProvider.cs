using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>WF1007 fix: changes an async void method or local function to return <c>Task</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFixProvider))]
public sealed class AsyncVoidCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AsyncVoid);

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
            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            TypeSyntax? returnType = token.Parent switch
            {
                MethodDeclarationSyntax method when model.GetDeclaredSymbol(method, context.CancellationToken) is { IsOverride: false, ExplicitInterfaceImplementations.IsEmpty: true } symbol
                    && !ImplementsInterface(symbol) => method.ReturnType,
                LocalFunctionStatementSyntax local => local.ReturnType,
                _ => null,
            };
            if (returnType is not PredefinedTypeSyntax predefined || !predefined.Keyword.IsKind(SyntaxKind.VoidKeyword))
            {
                continue;
            }

            var taskName = TypeNames.Shortest(model, returnType.SpanStart, "System.Threading.Tasks.Task", "Task");
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Return Task",
                    _ =>
                    {
                        var task = SyntaxFactory.ParseTypeName(taskName).WithTriviaFrom(returnType);
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(returnType, task)));
                    },
                    equivalenceKey: nameof(AsyncVoidCodeFixProvider)),
                diagnostic);
        }
    }

    private static bool ImplementsInterface(IMethodSymbol method)
    {
        foreach (var type in method.ContainingType.AllInterfaces)
        {
            foreach (var member in type.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
