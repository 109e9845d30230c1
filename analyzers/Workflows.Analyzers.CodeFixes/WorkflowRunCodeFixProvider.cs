using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// Fixes for a workflow class's run method. WF2010 with two or more <c>[WorkflowRun]</c> methods: one action per
/// method, "keep this one", which removes the attribute from the others (they stay as plain methods). WF2011 on a
/// static run method: removes <c>static</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WorkflowRunCodeFixProvider))]
public sealed class WorkflowRunCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.WorkflowRunCount, DiagnosticIds.InvalidWorkflowRun);

    // Which run method to keep is a choice per class, so there is nothing to fix all at once for WF2010; the batch
    // fixer applies the WF2011 action, whose equivalence key is shared.
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
            var node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            if (diagnostic.Id == DiagnosticIds.WorkflowRunCount)
            {
                if (node is ClassDeclarationSyntax declaration && model.GetDeclaredSymbol(declaration, context.CancellationToken) is { } type)
                {
                    RegisterKeepOne(context, diagnostic, type);
                }
            }
            else if (node is MethodDeclarationSyntax method
                && diagnostic.Properties.TryGetValue(WorkflowClassAnalyzer.FixKey, out var fix)
                && fix == WorkflowClassAnalyzer.MakeInstanceFix)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Make '{method.Identifier.ValueText}' an instance method",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, SyntaxEdits.RemoveModifier(method, SyntaxKind.StaticKeyword)))),
                        equivalenceKey: nameof(WorkflowRunCodeFixProvider) + ".MakeInstance"),
                    diagnostic);
            }
        }
    }

    private static void RegisterKeepOne(CodeFixContext context, Diagnostic diagnostic, INamedTypeSymbol type)
    {
        var runs = WorkflowClassRules.RunMethods(type);
        if (runs.Count < 2)
        {
            // No run method at all: which method is the workflow is for the author to say.
            return;
        }

        foreach (var keep in runs)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Keep '{keep.Name}' as the [WorkflowRun] method",
                    cancellationToken => RemoveRunAttributesAsync(context.Document.Project.Solution, runs.Where(r => !SymbolEqualityComparer.Default.Equals(r, keep)), cancellationToken),
                    equivalenceKey: nameof(WorkflowRunCodeFixProvider) + ".Keep." + keep.Name),
                diagnostic);
        }
    }

    // The run methods of a partial class may live in several files: edit each file once.
    private static async Task<Solution> RemoveRunAttributesAsync(Solution solution, IEnumerable<IMethodSymbol> methods, CancellationToken cancellationToken)
    {
        var attributes = methods
            .Select(m => WorkflowClassRules.Find(m, WorkflowClassRules.RunAttributeName)?.ApplicationSyntaxReference)
            .Where(r => r is not null)
            .GroupBy(r => r!.SyntaxTree);
        foreach (var group in attributes)
        {
            var document = solution.GetDocument(group.Key);
            if (document is null)
            {
                continue;
            }

            var root = await group.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var targets = new List<AttributeSyntax>();
            foreach (var reference in group)
            {
                if (await reference!.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is AttributeSyntax attribute)
                {
                    targets.Add(attribute);
                }
            }

            var members = targets.Select(a => a.FirstAncestorOrSelf<MemberDeclarationSyntax>()).OfType<MemberDeclarationSyntax>().ToList();
            var edited = root.ReplaceNodes(members, (original, _) => SyntaxEdits.RemoveAttribute(original, targets.First(t => original.Span.Contains(t.Span))));
            solution = solution.WithDocumentSyntaxRoot(document.Id, edited);
        }

        return solution;
    }
}
