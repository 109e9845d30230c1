using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>Small declaration edits that keep the surrounding layout: removing an attribute or a modifier.</summary>
internal static class SyntaxEdits
{
    /// <summary>
    /// Removes <paramref name="attribute"/> from its list, or the whole list when it is the only attribute; the first
    /// list's leading trivia (blank lines, comments, indentation) passes to what follows it.
    /// </summary>
    public static MemberDeclarationSyntax RemoveAttribute(MemberDeclarationSyntax member, AttributeSyntax attribute)
    {
        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count > 1)
        {
            return member.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        int index = member.AttributeLists.IndexOf(list);
        var edited = member.WithAttributeLists(member.AttributeLists.RemoveAt(index));
        return index == 0 ? edited.WithLeadingTrivia(list.GetLeadingTrivia()) : edited;
    }

    /// <summary>Removes a modifier keyword; when it was the first modifier, its leading trivia passes to the next token.</summary>
    public static MemberDeclarationSyntax RemoveModifier(MemberDeclarationSyntax member, SyntaxKind kind)
    {
        int index = member.Modifiers.IndexOf(kind);
        if (index < 0)
        {
            return member;
        }

        if (index == 0)
        {
            var modifier = member.Modifiers[0];
            var next = modifier.GetNextToken();
            member = member.ReplaceToken(next, next.WithLeadingTrivia(modifier.LeadingTrivia));
        }

        return member.WithModifiers(member.Modifiers.RemoveAt(index));
    }
}
