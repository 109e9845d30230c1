using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Workflows.Analyzers;

/// <summary>
/// WF1010 (environment variables, machine and process facts) and WF1011 (files, network, databases,
/// sockets, processes, console input and the APIs listed in <c>WorkflowsBannedApis.txt</c>) in workflow code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EnvironmentAndIoAnalyzer : ApiUsageAnalyzerBase
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.EnvironmentAccess, Descriptors.InputOutput);

    private protected override ApiTable BuildTable(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken) =>
        IoApis.Build(compilation, options, cancellationToken);
}
