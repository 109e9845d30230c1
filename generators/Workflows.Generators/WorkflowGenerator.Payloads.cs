using Microsoft.CodeAnalysis;
using Workflows.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>
    /// Finds the payload types a declaration reaches and describes each as a <see cref="PayloadTypeModel"/>;
    /// the only place of the serializer-context path that sees symbols.
    /// </summary>
    internal static class PayloadParser
    {
        public const string PayloadAttributeName = "Workflows.Serialization.WorkflowPayloadAttribute";
        public const string JsonContextAttributeName = "Workflows.Serialization.WorkflowJsonContextAttribute";

        public static PayloadRoots ParseWorkflow(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => ParseMethod(context, isWorkflow: true, cancellationToken);

        public static PayloadRoots ParseActivity(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => ParseMethod(context, isWorkflow: false, cancellationToken);

        /// <summary>The types named by <c>[WorkflowPayload(typeof(T))]</c> on a method, a type or the assembly.</summary>
        public static PayloadRoots ParseDeclared(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var walker = new TypeWalker(context.SemanticModel.Compilation, cancellationToken);
            foreach (var attribute in context.Attributes)
            {
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ITypeSymbol type)
                {
                    walker.Walk(type, $"[WorkflowPayload(typeof({type.ToDisplayString()}))]", Location(attribute));
                }
            }

            return walker.ToRoots(EquatableArray<string>.Empty);
        }

        /// <summary>The contexts linked with <c>[assembly: WorkflowJsonContext(typeof(C))]</c>.</summary>
        public static PayloadRoots ParseLinkedContexts(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var compilation = context.SemanticModel.Compilation;
            var contextBase = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
            var contexts = new List<string>();
            var diagnostics = new List<PayloadDiagnostic>();
            foreach (var attribute in context.Attributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type)
                {
                    continue;
                }

                string? problem = null;
                if (contextBase is null || !DerivesFrom(type, contextBase))
                {
                    problem = "it does not derive from JsonSerializerContext";
                }
                else if (type.IsAbstract || type.IsUnboundGenericType || type.TypeParameters.Length > 0)
                {
                    problem = "it is abstract or generic";
                }
                else if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly))
                {
                    problem = "it is private or protected";
                }

                if (problem is null)
                {
                    contexts.Add(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
                }
                else
                {
                    diagnostics.Add(new PayloadDiagnostic(PayloadDiagnostics.InvalidLinkedContextId, Location(attribute), new EquatableArray<string>([type.ToDisplayString(), problem])));
                }
            }

            contexts.Sort(StringComparer.Ordinal);
            return new PayloadRoots(EquatableArray<PayloadTypeModel>.Empty, new EquatableArray<string>([.. contexts]), new EquatableArray<PayloadDiagnostic>([.. diagnostics]));
        }

        /// <summary>The payload types of the methods a class-level <c>[Activity]</c> marks.</summary>
        public static PayloadRoots ParseActivityClass(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return PayloadRoots.Empty;
            }

            var walker = new TypeWalker(context.SemanticModel.Compilation, cancellationToken);
            foreach (var method in DefinitionRules.ClassActivityMethods(type, context.Attributes[0].AttributeClass))
            {
                WalkMethod(walker, method, method.Name, isWorkflow: false);
            }

            return walker.ToRoots(EquatableArray<string>.Empty);
        }

        private static PayloadRoots ParseMethod(GeneratorAttributeSyntaxContext context, bool isWorkflow, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
            {
                return PayloadRoots.Empty;
            }

            var walker = new TypeWalker(context.SemanticModel.Compilation, cancellationToken);
            WalkMethod(walker, method, DefinitionRules.GetName(context.Attributes[0], method), isWorkflow);
            return walker.ToRoots(EquatableArray<string>.Empty);
        }

        private static void WalkMethod(TypeWalker walker, IMethodSymbol method, string name, bool isWorkflow)
        {
            // Payloads of a method the generator skips are not generated either: the WF2xxx rule explains the method.
            var problems = new List<DefinitionProblem>();
            if (!DefinitionRules.Check(method, isWorkflow, name, problems) || problems.Any(p => p.Kind != DefinitionProblemKind.InvalidName))
            {
                return;
            }

            string what = (isWorkflow ? "workflow '" : "activity '") + name + "'";
            var parameters = method.Parameters;
            for (int i = isWorkflow ? 1 : 0; i < parameters.Length; i++)
            {
                if (!DefinitionRules.IsCancellationToken(parameters[i].Type))
                {
                    walker.Walk(parameters[i].Type, $"parameter '{parameters[i].Name}' of {what}", Location(parameters[i]));
                }
            }

            if (DefinitionRules.TryGetReturnKind(method, out _, out var result) && result is not null)
            {
                walker.Walk(result, "the result of " + what, Location(method));
            }
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var t = type.BaseType; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        internal static LocationModel? Location(ISymbol symbol) => ToModel(symbol.Locations.FirstOrDefault());

        private static LocationModel? Location(AttributeData attribute) => ToModel(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation());

        private static LocationModel? ToModel(Location? location)
        {
            if (location is null || !location.IsInSource)
            {
                return null;
            }

            var span = location.GetLineSpan();
            return new LocationModel(
                span.Path,
                location.SourceSpan.Start,
                location.SourceSpan.Length,
                span.StartLinePosition.Line,
                span.StartLinePosition.Character,
                span.EndLinePosition.Line,
                span.EndLinePosition.Character);
        }
    }
}
