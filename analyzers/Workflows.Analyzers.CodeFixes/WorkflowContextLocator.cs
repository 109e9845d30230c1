using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>Finds an expression for the workflow context that is in scope at a position.</summary>
internal static class WorkflowContextLocator
{
    /// <summary>
    /// Returns the name of a parameter, local, field or property of type <c>Workflows.WorkflowContext</c>
    /// usable at <paramref name="node"/>, preferring parameters and locals; null when there is none.
    /// </summary>
    public static string? Find(SemanticModel model, SyntaxNode node)
    {
        var contextType = model.Compilation.GetTypeByMetadataName("Workflows.WorkflowContext");
        if (contextType is null)
        {
            return null;
        }

        var position = node.SpanStart;
        var enclosing = model.GetEnclosingSymbol(position);
        var inStaticContext = IsStaticContext(enclosing, node);
        string? member = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                IParameterSymbol p => p.Type,
                ILocalSymbol l => l.Type,
                IFieldSymbol f when f.IsStatic || !inStaticContext => f.Type,
                IPropertySymbol p when p.IsStatic || !inStaticContext => p.Type,
                _ => null,
            };
            if (!SymbolEqualityComparer.Default.Equals(type, contextType))
            {
                continue;
            }

            if (symbol is IParameterSymbol or ILocalSymbol)
            {
                return symbol.Name;
            }

            member ??= symbol.Name;
        }

        return member;
    }

    private static bool IsStaticContext(ISymbol? enclosing, SyntaxNode node)
    {
        for (var symbol = enclosing; symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol.IsStatic && symbol is IMethodSymbol)
            {
                return true;
            }

            if (symbol is IMethodSymbol { MethodKind: not (MethodKind.LocalFunction or MethodKind.AnonymousFunction) })
            {
                return symbol.IsStatic;
            }
        }

        return node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is null;
    }
}
