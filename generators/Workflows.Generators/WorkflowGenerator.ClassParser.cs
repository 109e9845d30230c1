using Microsoft.CodeAnalysis;
using Workflows.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>Turns a <c>[Workflow]</c> class into a model; a class that breaks a rule gives none (the analyzers say why).</summary>
    internal static class ClassParser
    {
        public static WorkflowClassModel? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0 || WorkflowClassRules.ClassProblem(type) is not null)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var runs = WorkflowClassRules.RunMethods(type);
            if (runs.Count != 1)
            {
                return null;
            }

            var run = runs[0];
            string name = WorkflowClassRules.GetName(context.Attributes[0], type);
            var problems = new List<DefinitionProblem>();
            if (run.IsStatic || !DefinitionRules.Check(run, isWorkflow: true, name, problems)
                || problems.Any(p => p.Kind != DefinitionProblemKind.InvalidName || name.Trim().Length == 0))
            {
                return null;
            }

            DefinitionRules.TryGetReturnKind(run, out _, out var result);
            bool isPublic = DefinitionRules.IsPublic(type) && DefinitionRules.IsPublic(run) && (result is null || DefinitionRules.IsPublic(result));
            var inputs = new List<ParameterModel>();
            foreach (var parameter in run.Parameters.Skip(1))
            {
                inputs.Add(new ParameterModel(Escape(parameter.Name), Parser.ToTypeRef(parameter.Type)));
                isPublic &= DefinitionRules.IsPublic(parameter.Type);
            }

            var signals = new List<SignalModel>();
            var queries = new List<QueryModel>();
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && WorkflowClassRules.Find(method, WorkflowClassRules.SignalAttributeName) is { } signal)
                {
                    if (WorkflowClassRules.SignalProblem(method) is not null)
                    {
                        return null;
                    }

                    var value = method.Parameters[0];
                    isPublic &= DefinitionRules.IsPublic(method) && DefinitionRules.IsPublic(value.Type);
                    signals.Add(new SignalModel(WorkflowClassRules.GetMemberName(signal, method), method.Name, new ParameterModel(Escape(value.Name), Parser.ToTypeRef(value.Type)), !method.ReturnsVoid));
                }
                else if (member is IMethodSymbol or IPropertySymbol && WorkflowClassRules.Find(member, WorkflowClassRules.QueryAttributeName) is { } query)
                {
                    if (WorkflowClassRules.QueryProblem(member, out var answer) is not null || answer is null)
                    {
                        return null;
                    }

                    var parameters = member is IMethodSymbol queryMethod ? queryMethod.Parameters : [];
                    isPublic &= DefinitionRules.IsPublic(member) && DefinitionRules.IsPublic(answer) && parameters.All(p => DefinitionRules.IsPublic(p.Type));
                    queries.Add(new QueryModel(
                        WorkflowClassRules.GetMemberName(query, member),
                        member.Name,
                        member is IPropertySymbol,
                        new EquatableArray<ParameterModel>([.. parameters.Select(p => new ParameterModel(Escape(p.Name), Parser.ToTypeRef(p.Type)))]),
                        Parser.ToTypeRef(answer)));
                }
            }

            // Duplicate names are reported by the analyzers; generating both would not compile or would throw at registration.
            if (signals.GroupBy(s => s.Name).Any(g => g.Count() > 1) || queries.GroupBy(q => q.Name).Any(g => g.Count() > 1))
            {
                return null;
            }

            signals.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            queries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return new WorkflowClassModel(
                name,
                DefinitionRules.IsValidStubName(name) ? name : null,
                Parser.ToDeclaringType(type),
                isPublic,
                run.Name,
                new EquatableArray<ParameterModel>([.. inputs]),
                result is null ? null : Parser.ToTypeRef(result),
                new EquatableArray<SignalModel>([.. signals]),
                new EquatableArray<QueryModel>([.. queries]));
        }

        /// <summary>The slice of the model the registration file needs.</summary>
        public static RegistrationEntry ToRegistration(WorkflowClassModel model)
            => new(DefinitionKind.Workflow, model.Name, model.Type.StubsClassFullName, WorkflowClassModel.DefinitionMethodName, null);

        /// <summary>The payload types of a valid class: run inputs and result, signal values, query arguments and answers.</summary>
        public static PayloadRoots ParsePayloads(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (Parse(context, cancellationToken) is null || context.TargetSymbol is not INamedTypeSymbol type)
            {
                return PayloadRoots.Empty;
            }

            var walker = new TypeWalker(context.SemanticModel.Compilation, cancellationToken);
            string what = "workflow '" + WorkflowClassRules.GetName(context.Attributes[0], type) + "'";
            var run = WorkflowClassRules.RunMethods(type)[0];
            foreach (var parameter in run.Parameters.Skip(1))
            {
                walker.Walk(parameter.Type, $"parameter '{parameter.Name}' of {what}", PayloadParser.Location(parameter));
            }

            if (DefinitionRules.TryGetReturnKind(run, out _, out var result) && result is not null)
            {
                walker.Walk(result, "the result of " + what, PayloadParser.Location(run));
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && WorkflowClassRules.Find(method, WorkflowClassRules.SignalAttributeName) is not null)
                {
                    walker.Walk(method.Parameters[0].Type, $"the value of signal handler '{method.Name}' of {what}", PayloadParser.Location(method.Parameters[0]));
                }
                else if (WorkflowClassRules.Find(member, WorkflowClassRules.QueryAttributeName) is not null && WorkflowClassRules.QueryProblem(member, out var answer) is null && answer is not null)
                {
                    walker.Walk(answer, $"the answer of query '{member.Name}' of {what}", PayloadParser.Location(member));
                    if (member is IMethodSymbol queryMethod)
                    {
                        foreach (var parameter in queryMethod.Parameters)
                        {
                            walker.Walk(parameter.Type, $"parameter '{parameter.Name}' of query '{member.Name}' of {what}", PayloadParser.Location(parameter));
                        }
                    }
                }
            }

            return walker.ToRoots(EquatableArray<string>.Empty);
        }

        private static string Escape(string name)
            => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;
    }
}
