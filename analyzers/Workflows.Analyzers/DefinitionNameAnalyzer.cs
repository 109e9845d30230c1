using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2006: a workflow or activity name that is empty or not a valid identifier for a typed stub.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefinitionNameAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.InvalidName);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.InvalidName;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(DefinitionDescriptors.InvalidName, LocationOf(problem.Target), definition.KindName, definition.Name, definition.Method.Name, Suggest(definition));

    // Keeps letters, digits and underscores; what is left must still start like an identifier.
    private static string Suggest(Definition definition)
    {
        var builder = new StringBuilder();
        foreach (char c in definition.Name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        string suggestion = builder.ToString().Trim('_');
        return suggestion.Length == 0 ? definition.Method.Name : char.IsDigit(suggestion[0]) ? "_" + suggestion : suggestion;
    }
}
