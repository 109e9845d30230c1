using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2008: an instance workflow whose type cannot be created with a parameterless constructor.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowConstructorAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.WorkflowWithoutConstructor);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.NoParameterlessConstructor;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(DefinitionDescriptors.WorkflowWithoutConstructor, LocationOf(problem.Target), definition.Name, problem.Detail);
}
