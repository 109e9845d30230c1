using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// WF2001 and WF2011 fix: makes <c>WorkflowContext</c> the first parameter of a workflow or run method. A
/// <c>WorkflowContext</c> parameter declared elsewhere in the list is moved first (and loses ref/in/out); otherwise
/// a new <c>WorkflowContext ctx</c> parameter is inserted before the inputs.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WorkflowContextParameterCodeFixProvider))]
public sealed class WorkflowContextParameterCodeFixProvider : CodeFixProvider
{
    private const string ContextTypeName = "Workflows.WorkflowContext";

    // A new parameter takes the first of these names that nothing in the method already uses.
    private static readonly string[] s_names = ["ctx", "context", "workflowContext"];

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WorkflowWithoutContext, DiagnosticIds.InvalidWorkflowRun);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var contextType = model?.Compilation.GetTypeByMetadataName(ContextTypeName);
        if (root is null || model is null || contextType is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // WF2011 covers several problems of a run method; only the missing context is this fix's.
            if (diagnostic.Id == DiagnosticIds.InvalidWorkflowRun
                && (!diagnostic.Properties.TryGetValue(WorkflowClassAnalyzer.FixKey, out var fix) || fix != WorkflowClassAnalyzer.AddContextFix))
            {
                continue;
            }

            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method)
            {
                continue;
            }

            var parameters = method.ParameterList.Parameters;
            int existing = IndexOfContext(model, parameters, contextType, context.CancellationToken);
            string title = existing >= 0
                ? $"Take '{parameters[existing].Identifier.ValueText}' as the first parameter"
                : $"Add a 'WorkflowContext {FreeName(method)}' first parameter";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ =>
                    {
                        var list = existing >= 0
                            ? MoveFirst(method.ParameterList, existing)
                            : InsertContext(method.ParameterList, TypeNames.Shortest(model, method.SpanStart, ContextTypeName, "WorkflowContext"), FreeName(method));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method.ParameterList, list)));
                    },
                    equivalenceKey: nameof(WorkflowContextParameterCodeFixProvider)),
                diagnostic);
        }
    }

    private static int IndexOfContext(SemanticModel model, SeparatedSyntaxList<ParameterSyntax> parameters, INamedTypeSymbol contextType, CancellationToken cancellationToken)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Type is { } type
                && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(type, cancellationToken).Type, contextType))
            {
                return i;
            }
        }

        return -1;
    }

    private static string FreeName(MethodDeclarationSyntax method)
    {
        var used = new HashSet<string>(
            method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText),
            StringComparer.Ordinal);
        return s_names.FirstOrDefault(n => !used.Contains(n)) ?? "workflowContext" + used.Count;
    }

    // The context parameter moves first without ref/in/out; every parameter keeps its own trivia, the separators stay.
    private static ParameterListSyntax MoveFirst(ParameterListSyntax list, int index)
    {
        var parameters = list.Parameters;
        var context = parameters[index];
        if (context.Modifiers.Count > 0)
        {
            context = context.WithModifiers(default).WithLeadingTrivia(context.GetLeadingTrivia());
        }

        var nodes = new List<ParameterSyntax> { context.WithLeadingTrivia(parameters[0].GetLeadingTrivia()) };
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i == index)
            {
                continue;
            }

            nodes.Add(i == 0 && index != 0 ? parameters[i].WithLeadingTrivia(parameters[index].GetLeadingTrivia()) : parameters[i]);
        }

        return list.WithParameters(SyntaxFactory.SeparatedList(nodes, parameters.GetSeparators()));
    }

    private static ParameterListSyntax InsertContext(ParameterListSyntax list, string typeName, string name)
    {
        var parameters = list.Parameters;
        var context = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName(typeName).WithTrailingTrivia(SyntaxFactory.Space));
        if (parameters.Count == 0)
        {
            return list.WithParameters(SyntaxFactory.SingletonSeparatedList(context));
        }

        // The new parameter takes the first one's place (and its leading trivia); the new separator copies the first one.
        var separator = parameters.SeparatorCount > 0
            ? parameters.GetSeparator(0)
            : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        var nodes = new List<ParameterSyntax> { context.WithLeadingTrivia(parameters[0].GetLeadingTrivia()) };
        nodes.AddRange(parameters);
        var separators = new List<SyntaxToken> { separator };
        separators.AddRange(parameters.GetSeparators());
        return list.WithParameters(SyntaxFactory.SeparatedList(nodes, separators));
    }
}
