using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>
/// WF2009 fix, when the constructor is the class's only problem: makes a private or protected parameterless
/// constructor public, or adds an empty public one before the other constructors. A class with a primary
/// constructor gets no fix (the new constructor would have to invent the arguments), nor does a static, abstract,
/// generic or unreachable class.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WorkflowClassConstructorCodeFixProvider))]
public sealed class WorkflowClassConstructorCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InvalidWorkflowClass);

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
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not ClassDeclarationSyntax declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type
                || WorkflowClassRules.ClassProblem(type) != WorkflowClassRules.NoConstructorProblem)
            {
                continue;
            }

            var hidden = type.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared);
            if (hidden is not null)
            {
                if (hidden.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && reference.SyntaxTree == root.SyntaxTree
                    && root.FindNode(reference.Span) is ConstructorDeclarationSyntax constructor)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Make the constructor of '{type.Name}' public",
                            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(constructor, MakePublic(constructor)))),
                            equivalenceKey: nameof(WorkflowClassConstructorCodeFixProvider)),
                        diagnostic);
                }
            }
            else if (type.DeclaringSyntaxReferences.All(r => r.GetSyntax(context.CancellationToken) is ClassDeclarationSyntax { ParameterList: null })
                && InsertionPoint(declaration) is { } before)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add a public parameterless constructor to '{type.Name}'",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, AddConstructor(declaration, before)))),
                        equivalenceKey: nameof(WorkflowClassConstructorCodeFixProvider)),
                    diagnostic);
            }
        }
    }

    // The first accessibility keyword becomes 'public' in place, the others ('private protected') go; a constructor
    // without one gets 'public' in front, where its first token was.
    private static ConstructorDeclarationSyntax MakePublic(ConstructorDeclarationSyntax constructor)
    {
        var tokens = new List<SyntaxToken>();
        bool replaced = false;
        foreach (var modifier in constructor.Modifiers)
        {
            if (!modifier.IsKind(SyntaxKind.PrivateKeyword) && !modifier.IsKind(SyntaxKind.ProtectedKeyword) && !modifier.IsKind(SyntaxKind.InternalKeyword))
            {
                tokens.Add(modifier);
            }
            else if (!replaced)
            {
                tokens.Add(SyntaxFactory.Token(SyntaxKind.PublicKeyword).WithTriviaFrom(modifier));
                replaced = true;
            }
        }

        if (replaced)
        {
            return constructor.WithModifiers(SyntaxFactory.TokenList(tokens));
        }

        var next = tokens.Count > 0 ? tokens[0] : constructor.Identifier;
        var publicKeyword = SyntaxFactory.Token(SyntaxKind.PublicKeyword).WithLeadingTrivia(next.LeadingTrivia).WithTrailingTrivia(SyntaxFactory.Space);
        if (tokens.Count > 0)
        {
            tokens[0] = next.WithLeadingTrivia();
            return constructor.WithModifiers(SyntaxFactory.TokenList([publicKeyword, .. tokens]));
        }

        return constructor.WithIdentifier(next.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(publicKeyword));
    }

    // The new constructor goes before the first constructor, or else before the first member that is not a field,
    // with the blank lines that stood before that member; comments before it stay with it.
    private static MemberDeclarationSyntax? InsertionPoint(ClassDeclarationSyntax declaration)
        => (MemberDeclarationSyntax?)declaration.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword))
            ?? declaration.Members.FirstOrDefault(m => m is not FieldDeclarationSyntax);

    private static ClassDeclarationSyntax AddConstructor(ClassDeclarationSyntax declaration, MemberDeclarationSyntax before)
    {
        var leading = before.GetLeadingTrivia();
        var blankLines = leading.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
        string indent = leading.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).ToString();
        string eol = declaration.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";
        var constructor = SyntaxFactory.ParseMemberDeclaration($"{indent}public {declaration.Identifier.ValueText}(){eol}{indent}{{{eol}{indent}}}{eol}")!
            .WithLeadingTrivia(blankLines.Append(SyntaxFactory.Whitespace(indent)));
        var spaced = leading.Count > 0 && leading[0].IsKind(SyntaxKind.EndOfLineTrivia) ? before : before.WithLeadingTrivia(leading.Insert(0, SyntaxFactory.EndOfLine(eol)));
        var members = declaration.Members.Replace(before, spaced).Insert(declaration.Members.IndexOf(before), constructor);
        return declaration.WithMembers(members);
    }
}
