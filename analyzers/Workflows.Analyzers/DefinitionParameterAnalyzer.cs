using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2004: a workflow or activity parameter that cannot be a payload.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefinitionParameterAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.UnsupportedParameter);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.UnsupportedParameter;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(DefinitionDescriptors.UnsupportedParameter, LocationOf(problem.Target), definition.KindName, definition.Name, problem.Detail);
}
