using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>
/// Base of the definition analyzers (WF2xxx): finds <c>[Workflow]</c> and <c>[Activity]</c> methods and checks
/// them with the rules the source generator uses, so a method the generator skips is always reported.
/// Compilations without the Workflows SDK are skipped at compilation start.
/// </summary>
public abstract class DefinitionAnalyzerBase : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var workflow = start.Compilation.GetTypeByMetadataName(DefinitionRules.WorkflowAttributeName);
            var activity = start.Compilation.GetTypeByMetadataName(DefinitionRules.ActivityAttributeName);
            if (workflow is null && activity is null)
            {
                return;
            }

            OnCompilationStart(start, workflow, activity);
        });
    }

    /// <summary>Registers the method check; the duplicate-name analyzer collects across the compilation instead.</summary>
    private protected virtual void OnCompilationStart(CompilationStartAnalysisContext context, INamedTypeSymbol? workflow, INamedTypeSymbol? activity)
        => context.RegisterSymbolAction(c => AnalyzeMethod(c, workflow, activity), SymbolKind.Method);

    /// <summary>The problem kind this analyzer reports.</summary>
    private protected virtual DefinitionProblemKind Kind => throw new NotSupportedException();

    /// <summary>Builds the diagnostic for one problem of <see cref="Kind"/>.</summary>
    private protected virtual Diagnostic Report(DefinitionProblem problem, Definition definition) => throw new NotSupportedException();

    /// <summary>The <c>[Workflow]</c> and <c>[Activity]</c> attributes on a method, with the registered names.</summary>
    private protected static IEnumerable<Definition> Definitions(IMethodSymbol method, INamedTypeSymbol? workflow, INamedTypeSymbol? activity)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is null)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, workflow))
            {
                yield return new Definition(method, isWorkflow: true, DefinitionRules.GetName(attribute, method));
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, activity))
            {
                yield return new Definition(method, isWorkflow: false, DefinitionRules.GetName(attribute, method));
            }
        }
    }

    private protected static Location LocationOf(ISymbol symbol) => symbol.Locations.FirstOrDefault() ?? Location.None;

    private void AnalyzeMethod(SymbolAnalysisContext context, INamedTypeSymbol? workflow, INamedTypeSymbol? activity)
    {
        var method = (IMethodSymbol)context.Symbol;
        foreach (var definition in Definitions(method, workflow, activity))
        {
            var problems = new List<DefinitionProblem>();
            if (!DefinitionRules.Check(method, definition.IsWorkflow, definition.Name, problems))
            {
                continue;
            }

            foreach (var problem in problems)
            {
                if (problem.Kind == Kind)
                {
                    context.ReportDiagnostic(Report(problem, definition));
                }
            }
        }
    }

    /// <summary>One marked method: its kind and registered name.</summary>
    private protected readonly struct Definition(IMethodSymbol method, bool isWorkflow, string name)
    {
        public IMethodSymbol Method { get; } = method;

        public bool IsWorkflow { get; } = isWorkflow;

        public string Name { get; } = name;

        /// <summary>"Workflow" or "Activity", as the messages spell it.</summary>
        public string KindName => IsWorkflow ? "Workflow" : "Activity";
    }
}
