using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2007: a workflow or activity that generated code cannot reach.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefinitionAccessibilityAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.Inaccessible);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.Inaccessible;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(DefinitionDescriptors.Inaccessible, LocationOf(problem.Target), definition.KindName, definition.Name, problem.Detail);
}
