using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2003: a generic workflow or activity, or one declared in a generic type.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GenericDefinitionAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.GenericDefinition);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.Generic;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(DefinitionDescriptors.GenericDefinition, LocationOf(problem.Target), definition.KindName, definition.Name, problem.Detail);
}
