using Microsoft.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>
    /// The registration overloads that take an <see cref="System.IServiceProvider"/>: every activity class is
    /// resolved from the services of each activity execution (a DI scope when the worker opens one), so activity
    /// classes built by a container can take scoped services. Sees no symbols.
    /// </summary>
    internal static partial class Emitter
    {
        private const string ServiceProvider = "global::System.IServiceProvider";
        private const string ResolveActivity = "global::Workflows.Worker.ActivityServices.Resolve";

        /// <summary>The public overload of an assembly's registration class; its public activity classes only.</summary>
        private static void EmitAssemblyServicesRegistration(SourceWriter w, string method, List<DeclaringTypeModel> publicTypes, Dictionary<string, string> addNames)
        {
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Registers every <c>[Workflow]</c> and <c>[Activity]</c> method of this assembly; the object each activity runs on");
            w.Line("/// is resolved from <paramref name=\"services\"/> (from the scope of the activity execution when the worker opens one).");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"registry\">The registry.</param>");
            w.Line("/// <param name=\"services\">The container the activity classes are registered in.</param>");
            w.Line(GeneratedCode);
            w.Line($"public static {Registry} {method}(this {Registry} registry, {ServiceProvider} services)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(services);");
            w.Line($"{method}(registry);");
            foreach (var type in publicTypes)
            {
                w.Line($"Add{addNames[type.FullName]}(registry, () => {ResolveActivity}<{type.FullName}>(services));");
            }

            w.Line("return registry;");
            w.Close();
        }

        /// <summary>The internal overload: this assembly's classes (public ones through its registration class) and every library's.</summary>
        private static void EmitServicesRegistration(SourceWriter w, List<DeclaringTypeModel> instanceTypes, Dictionary<string, string> addNames, string? own, string ownMethod, EquatableArray<LibraryRegistration> libraries)
        {
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Registers every <c>[Workflow]</c> and <c>[Activity]</c> method of this assembly and of every referenced assembly");
            w.Line("/// whose definitions were generated; the object each activity runs on is resolved from <paramref name=\"services\"/>");
            w.Line("/// (from the scope of the activity execution when the worker opens one), so activity classes can take scoped services.");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"registry\">The registry.</param>");
            w.Line("/// <param name=\"services\">The container the activity classes are registered in.</param>");
            EmitLibraryList(w, libraries);
            w.Line(GeneratedCode);
            w.Line($"internal static {Registry} AddGeneratedWorkflows(this {Registry} registry, {ServiceProvider} services)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(registry);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(services);");
            if (own is not null)
            {
                w.Line($"{own}.{ownMethod}(registry, services);");
            }

            foreach (var type in instanceTypes.Where(t => !t.IsPublic))
            {
                w.Line($"GeneratedWorkflowRegistration.Add{addNames[type.FullName]}(registry, () => {ResolveActivity}<{type.FullName}>(services));");
            }

            foreach (var library in libraries)
            {
                w.Line($"{library.ClassFullName}.{library.MethodName}(registry, services);");
            }

            w.Line("return registry;");
            w.Close();
        }
    }

    /// <summary>
    /// A library's <c>Add...Workflows(registry, IServiceProvider)</c> overload: not the one that lists its activity
    /// classes, so the parser does not take the container for an activity class.
    /// </summary>
    private static bool IsServicesOverload(IMethodSymbol method)
        => method.Parameters.Length == 2 && method.Parameters[1].Type.ToDisplayString() == "System.IServiceProvider";
}
