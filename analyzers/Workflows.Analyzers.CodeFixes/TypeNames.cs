using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>Chooses the shortest spelling of a type name that binds to the intended type at a position.</summary>
internal static class TypeNames
{
    public static string Shortest(SemanticModel model, int position, string metadataName, string shortName)
    {
        var expected = model.Compilation.GetTypeByMetadataName(metadataName);
        var bound = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseTypeName(shortName), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        return expected is not null && SymbolEqualityComparer.Default.Equals(bound, expected) ? shortName : "global::" + metadataName;
    }
}
