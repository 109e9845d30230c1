using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workflows.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>Turns symbols into models; the only place that sees symbols.</summary>
    internal static class Parser
    {
        // Signatures keep nullable annotations; typeof(...) must not have them.
        private static readonly SymbolDisplayFormat s_fullName = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat s_typeOfName = SymbolDisplayFormat.FullyQualifiedFormat;

        public static MethodModel? ParseWorkflow(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => Parse(context, DefinitionKind.Workflow, cancellationToken);

        public static MethodModel? ParseActivity(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
            => Parse(context, DefinitionKind.Activity, cancellationToken);

        /// <summary>The slice of a model the registration file needs.</summary>
        public static RegistrationEntry ToRegistration(MethodModel model)
            => new(
                model.Kind,
                model.Name,
                model.Type.StubsClassFullName,
                model.DefinitionMethodName,
                model.Kind == DefinitionKind.Activity && !model.IsStatic ? model.Type : null);

        public const string RegistrationAttributeName = "Workflows.Worker.GeneratedWorkflowRegistrationAttribute";

        /// <summary>
        /// The generated registrations of the referenced assemblies, read from their assembly-level marker. The
        /// result is equatable, so although it is recomputed from the compilation on every run, an edit that
        /// changes no reference leaves every output that depends on it cached.
        /// </summary>
        public static EquatableArray<LibraryRegistration> FindLibraries(Compilation compilation, CancellationToken cancellationToken)
        {
            var marker = compilation.GetTypeByMetadataName(RegistrationAttributeName);
            var registry = compilation.GetTypeByMetadataName("Workflows.Worker.WorkflowRegistry");
            if (marker is null || registry is null)
            {
                return EquatableArray<LibraryRegistration>.Empty;
            }

            var found = new List<LibraryRegistration>();
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var attribute in assembly.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, marker)
                        || attribute.ConstructorArguments.Length != 1
                        || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol type)
                    {
                        continue;
                    }

                    // The widest public Add...Workflows(registry, ...) overload binds every public activity class.
                    IMethodSymbol? widest = null;
                    foreach (var member in type.GetMembers())
                    {
                        if (member is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public, IsExtensionMethod: true } method
                            && method.Name.StartsWith("Add", StringComparison.Ordinal)
                            && method.Name.EndsWith("Workflows", StringComparison.Ordinal)
                            && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, registry)
                            && !IsServicesOverload(method)
                            && (widest is null || method.Parameters.Length > widest.Parameters.Length))
                        {
                            widest = method;
                        }
                    }

                    if (widest is not null)
                    {
                        var instances = widest.Parameters.Skip(1).Select(p => new InstanceParameter(p.Type.ToDisplayString(s_typeOfName), p.Type.Name)).ToArray();
                        found.Add(new LibraryRegistration(assembly.Name, type.ToDisplayString(s_typeOfName), widest.Name, new EquatableArray<InstanceParameter>(instances)));
                    }
                }
            }

            found.Sort(static (a, b) => string.CompareOrdinal(a.AssemblyName, b.AssemblyName));
            return new EquatableArray<LibraryRegistration>([.. found]);
        }

        private static MethodModel? Parse(GeneratorAttributeSyntaxContext context, DefinitionKind kind, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
            {
                return null;
            }

            return Parse(method, DefinitionRules.GetName(context.Attributes[0], method), context.Attributes[0].AttributeClass, kind, cancellationToken);
        }

        /// <summary>
        /// <c>[Activity]</c> on a class: every public method the class declares that has no <c>[Activity]</c> of its
        /// own (those come through the method pipeline) and whose name is not overloaded, named after the method.
        /// </summary>
        public static EquatableArray<MethodModel> ParseActivityClass(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return EquatableArray<MethodModel>.Empty;
            }

            var models = new List<MethodModel>();
            foreach (var method in DefinitionRules.ClassActivityMethods(type, context.Attributes[0].AttributeClass))
            {
                if (Parse(method, method.Name, context.Attributes[0].AttributeClass, DefinitionKind.Activity, cancellationToken) is { } model)
                {
                    models.Add(model);
                }
            }

            return new EquatableArray<MethodModel>([.. models]);
        }

        private static MethodModel? Parse(IMethodSymbol method, string name, INamedTypeSymbol? attributeClass, DefinitionKind kind, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool isWorkflow = kind == DefinitionKind.Workflow;
            var problems = new List<DefinitionProblem>();
            if (!DefinitionRules.Check(method, isWorkflow, name, problems))
            {
                return null;
            }

            // A name that is not an identifier still registers and runs by name; it only gets no typed stub.
            foreach (var problem in problems)
            {
                if (problem.Kind != DefinitionProblemKind.InvalidName || name.Trim().Length == 0)
                {
                    return null;
                }
            }

            DefinitionRules.TryGetReturnKind(method, out var returnKind, out var result);
            var parameters = method.Parameters;
            int first = isWorkflow ? 1 : 0;
            bool takesToken = !isWorkflow && parameters.Length > 0 && DefinitionRules.IsCancellationToken(parameters[parameters.Length - 1].Type);
            int last = parameters.Length - (takesToken ? 1 : 0);
            var inputs = new ParameterModel[last - first];
            bool isPublic = DefinitionRules.IsPublic(method) && (result is null || DefinitionRules.IsPublic(result));
            for (int i = first; i < last; i++)
            {
                inputs[i - first] = new ParameterModel(EscapeIdentifier(parameters[i].Name), ToTypeRef(parameters[i].Type));
                isPublic &= DefinitionRules.IsPublic(parameters[i].Type);
            }

            return new MethodModel(
                kind,
                name,
                DefinitionRules.IsValidStubName(name) ? name : null,
                method.Name,
                MemberSuffix(method, attributeClass),
                ToDeclaringType(method.ContainingType),
                method.IsStatic,
                isPublic,
                new EquatableArray<ParameterModel>(inputs),
                returnKind,
                result is null ? null : ToTypeRef(result),
                takesToken);
        }

        // Most types carry no nullable reference annotation, so one display string serves both spellings;
        // display strings are the bulk of a model's cost, and every model is rebuilt on each compilation.
        internal static TypeRef ToTypeRef(ITypeSymbol type)
        {
            string typeOf = type.ToDisplayString(s_typeOfName);
            return new TypeRef(HasAnnotatedReference(type) ? type.ToDisplayString(s_fullName) : typeOf, typeOf);
        }

        private static bool HasAnnotatedReference(ITypeSymbol type)
        {
            if (type.NullableAnnotation == NullableAnnotation.Annotated && !type.IsValueType)
            {
                return true;
            }

            return type switch
            {
                IArrayTypeSymbol array => HasAnnotatedReference(array.ElementType),
                INamedTypeSymbol { IsGenericType: true } named => named.TypeArguments.Any(HasAnnotatedReference),
                _ => false,
            };
        }

        internal static DeclaringTypeModel ToDeclaringType(INamedTypeSymbol type)
        {
            string flat = type.Name;
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                flat = outer.Name + "_" + flat;
            }

            var ns = type.ContainingNamespace;
            return new DeclaringTypeModel(
                type.Name,
                ns is null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString(),
                type.ToDisplayString(s_typeOfName),
                flat,
                DefinitionRules.IsPublic(type));
        }

        // Overloads of one method name that carry the same attribute need distinct generated member and file
        // names; the first in source order keeps the plain name so the common case reads naturally.
        private static string MemberSuffix(IMethodSymbol method, INamedTypeSymbol? attributeClass)
        {
            var siblings = new List<IMethodSymbol>();
            foreach (var member in method.ContainingType.GetMembers(method.Name))
            {
                if (member is IMethodSymbol sibling && sibling.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass)))
                {
                    siblings.Add(sibling);
                }
            }

            if (siblings.Count < 2)
            {
                return "";
            }

            siblings.Sort(static (a, b) =>
            {
                var la = a.Locations.FirstOrDefault();
                var lb = b.Locations.FirstOrDefault();
                int byFile = string.CompareOrdinal(la?.SourceTree?.FilePath, lb?.SourceTree?.FilePath);
                return byFile != 0 ? byFile : (la?.SourceSpan.Start ?? 0).CompareTo(lb?.SourceSpan.Start ?? 0);
            });
            int index = siblings.FindIndex(s => SymbolEqualityComparer.Default.Equals(s, method));
            return index <= 0 ? "" : "_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static string EscapeIdentifier(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
