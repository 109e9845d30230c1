using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>WF2002: a workflow or activity return type the runtime cannot await or record.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DefinitionReturnTypeAnalyzer : DefinitionAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.InvalidReturnType);

    private protected override DefinitionProblemKind Kind => DefinitionProblemKind.InvalidReturnType;

    private protected override Diagnostic Report(DefinitionProblem problem, Definition definition)
        => Diagnostic.Create(
            DefinitionDescriptors.InvalidReturnType,
            LocationOf(problem.Target),
            definition.KindName,
            definition.Name,
            problem.Detail,
            definition.IsWorkflow ? "Task or Task<T>" : "Task, Task<T>, ValueTask, ValueTask<T>, void or a serializable value");
}
