using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>
/// WF2005: two workflows, or two activities, under one name in the same assembly. Workflows are <c>[Workflow]</c>
/// methods and <c>[Workflow]</c> classes; activities are <c>[Activity]</c> methods and the methods a class-level
/// <c>[Activity]</c> marks. A workflow and an activity may share a name: the registry keeps them apart.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateDefinitionNameAnalyzer : DefinitionAnalyzerBase
{
    private static readonly SymbolDisplayFormat s_memberFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DefinitionDescriptors.DuplicateName);

    // Names are only known once every declaration is seen: collect during the compilation, report at its end.
    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, INamedTypeSymbol? workflow, INamedTypeSymbol? activity)
    {
        var seen = new ConcurrentBag<NamedDefinition>();
        context.RegisterSymbolAction(
            c =>
            {
                foreach (var definition in Definitions((IMethodSymbol)c.Symbol, workflow, activity))
                {
                    seen.Add(new NamedDefinition(definition.Method, definition.IsWorkflow, definition.Name));
                }
            },
            SymbolKind.Method);
        context.RegisterSymbolAction(
            c =>
            {
                foreach (var definition in ClassDefinitions((INamedTypeSymbol)c.Symbol, workflow, activity))
                {
                    seen.Add(definition);
                }
            },
            SymbolKind.NamedType);
        context.RegisterCompilationEndAction(c =>
        {
            foreach (var group in seen.GroupBy(d => (d.IsWorkflow, d.Name)).Where(g => g.Count() > 1))
            {
                var members = group.Select(d => d.Symbol.ToDisplayString(s_memberFormat)).OrderBy(m => m, StringComparer.Ordinal).ToList();
                string all = string.Join(", ", members);
                foreach (var definition in group)
                {
                    string kind = definition.IsWorkflow ? "Workflow" : "Activity";
                    c.ReportDiagnostic(Diagnostic.Create(DefinitionDescriptors.DuplicateName, LocationOf(definition.Symbol), kind, definition.Name, all));
                }
            }
        });
    }

    /// <summary>
    /// A <c>[Workflow]</c> class (named by its attribute or after the class), and the activities a class-level
    /// <c>[Activity]</c> marks (named after their methods, as the generator registers them).
    /// </summary>
    private static IEnumerable<NamedDefinition> ClassDefinitions(INamedTypeSymbol type, INamedTypeSymbol? workflow, INamedTypeSymbol? activity)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, workflow))
            {
                yield return new NamedDefinition(type, isWorkflow: true, WorkflowClassRules.GetName(attribute, type));
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, activity))
            {
                foreach (var method in DefinitionRules.ClassActivityMethods(type, activity))
                {
                    yield return new NamedDefinition(method, isWorkflow: false, method.Name);
                }
            }
        }
    }

    /// <summary>One registered name and the method or class that declares it.</summary>
    private sealed class NamedDefinition(ISymbol symbol, bool isWorkflow, string name)
    {
        public ISymbol Symbol { get; } = symbol;

        public bool IsWorkflow { get; } = isWorkflow;

        public string Name { get; } = name;
    }
}
