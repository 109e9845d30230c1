using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>
/// WF2009-WF2013: a <c>[Workflow]</c> class, its run method, signal handlers and queries meet the rules the source
/// generator uses (<see cref="WorkflowClassRules"/>), so a class the generator skips is always reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WorkflowClassAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The WF2011 and WF2012 property that names the mechanical fix for the problem, when there is one.</summary>
    internal const string FixKey = "Fix";

    /// <summary><see cref="FixKey"/>: the method does not take <c>WorkflowContext</c> first.</summary>
    internal const string AddContextFix = "AddContext";

    /// <summary><see cref="FixKey"/>: the method is static.</summary>
    internal const string MakeInstanceFix = "MakeInstance";

    /// <summary><see cref="FixKey"/> on WF2012: the signal handler returns a value nobody receives.</summary>
    internal const string DropResultFix = "DropResult";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
    [
        WorkflowClassDescriptors.InvalidClass,
        WorkflowClassDescriptors.RunCount,
        WorkflowClassDescriptors.InvalidRun,
        WorkflowClassDescriptors.InvalidSignal,
        WorkflowClassDescriptors.InvalidQuery,
    ];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var workflow = start.Compilation.GetTypeByMetadataName(DefinitionRules.WorkflowAttributeName);
            if (workflow is null || start.Compilation.GetTypeByMetadataName(WorkflowClassRules.RunAttributeName) is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => Analyze(c, workflow), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol workflowAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, workflowAttribute)))
        {
            return;
        }

        var location = type.Locations.FirstOrDefault() ?? Location.None;
        if (WorkflowClassRules.ClassProblem(type) is { } classProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.InvalidClass, location, type.Name, classProblem));
        }

        var runs = WorkflowClassRules.RunMethods(type);
        if (runs.Count != 1)
        {
            context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.RunCount, location, type.Name, runs.Count));
        }

        foreach (var run in runs)
        {
            foreach (var (problem, fix) in RunProblems(run, type))
            {
                var properties = fix is null ? null : ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix);
                context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.InvalidRun, run.Locations.FirstOrDefault() ?? location, properties, run.Name, type.Name, problem));
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method && WorkflowClassRules.Find(method, WorkflowClassRules.SignalAttributeName) is not null
                && WorkflowClassRules.SignalProblem(method, out bool returnsValue) is { } signalProblem)
            {
                var properties = returnsValue ? ImmutableDictionary<string, string?>.Empty.Add(FixKey, DropResultFix) : null;
                context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.InvalidSignal, method.Locations.FirstOrDefault() ?? location, properties, method.Name, type.Name, signalProblem));
            }
            else if (member is IMethodSymbol or IPropertySymbol && WorkflowClassRules.Find(member, WorkflowClassRules.QueryAttributeName) is not null
                && WorkflowClassRules.QueryProblem(member, out _) is { } queryProblem)
            {
                context.ReportDiagnostic(Diagnostic.Create(WorkflowClassDescriptors.InvalidQuery, member.Locations.FirstOrDefault() ?? location, member.Name, type.Name, queryProblem));
            }
        }
    }

    private static IEnumerable<(string Problem, string? Fix)> RunProblems(IMethodSymbol run, INamedTypeSymbol type)
    {
        if (run.IsStatic)
        {
            yield return ("it is static; the run method is an instance method so it can use the object's fields", MakeInstanceFix);
        }

        var problems = new List<DefinitionProblem>();
        if (!DefinitionRules.Check(run, isWorkflow: true, type.Name, problems))
        {
            yield break;
        }

        foreach (var problem in problems)
        {
            // The class-level rule (WF2009) already covers the constructor; the workflow's name is the class's.
            switch (problem.Kind)
            {
                case DefinitionProblemKind.MissingContext:
                    yield return ("it does not take WorkflowContext as its first parameter; declare 'WorkflowContext ctx' first, then the inputs", AddContextFix);
                    break;
                case DefinitionProblemKind.InvalidReturnType:
                    yield return ($"it returns '{problem.Detail}'; return Task or Task<T>", null);
                    break;
                case DefinitionProblemKind.Generic:
                case DefinitionProblemKind.UnsupportedParameter:
                case DefinitionProblemKind.Inaccessible:
                    yield return (problem.Detail, null);
                    break;
            }
        }
    }
}
