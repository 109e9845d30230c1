using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2001: a workflow whose first parameter is not <c>WorkflowContext</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowContextParameterAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.WorkflowWithoutContext);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.MissingContext;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(DefinitionDescriptors.WorkflowWithoutContext, LocationOf(problem.Target), definition.Name);
}
