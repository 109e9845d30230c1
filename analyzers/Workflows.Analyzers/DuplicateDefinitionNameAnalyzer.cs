using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Workflows.Analyzers;

/// <summary>WF2005: two workflows, or two activities, under one name in the same assembly.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateDefinitionNameAnalyzer : DefinitionAnalyzerBase
{
    private static readonly SymbolDisplayFormat s_methodFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.DuplicateName);

    // Names are only known once every method is seen: collect during the compilation, report at its end.
    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, INamedTypeSymbol? workflow, INamedTypeSymbol? activity)
    {
        var seen = new ConcurrentBag<Definition>();
        context.RegisterSymbolAction(
            c =>
            {
                foreach (var definition in Definitions((IMethodSymbol)c.Symbol, workflow, activity))
                {
                    seen.Add(definition);
                }
            },
            SymbolKind.Method);
        context.RegisterCompilationEndAction(c =>
        {
            foreach (var group in seen.GroupBy(d => (d.IsWorkflow, d.Name)).Where(g => g.Count() > 1))
            {
                var methods = group.Select(d => d.Method.ToDisplayString(s_methodFormat)).OrderBy(m => m, StringComparer.Ordinal).ToList();
                string all = string.Join(", ", methods);
                foreach (var definition in group)
                {
                    c.ReportDiagnostic(Diagnostic.Create(DefinitionDescriptors.DuplicateName, LocationOf(definition.Method), definition.KindName, definition.Name, all));
                }
            }
        });
    }
}
