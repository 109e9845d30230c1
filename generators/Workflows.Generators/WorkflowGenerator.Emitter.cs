using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp;
using Workflows.CodeAnalysis;
using Workflows.Generators.Model;

namespace Workflows.Generators;

public sealed partial class WorkflowGenerator
{
    /// <summary>Turns models into source text; sees no symbols.</summary>
    internal static partial class Emitter
    {
        public const string RegistrationHintName = "Workflows.GeneratedWorkflowRegistration.g.cs";
        public const string AssemblyRegistrationHintName = "Workflows.AssemblyWorkflowRegistration.g.cs";

        private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Workflows.Generators\", \"1.0.0.0\")]";
        private const string NeverBrowsable = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
        private const string Task = "global::System.Threading.Tasks.Task";
        private const string Registry = "global::Workflows.Worker.WorkflowRegistry";

        public static string EmitMethod(MethodModel model)
        {
            var w = Header();
            bool hasNamespace = model.Type.Namespace.Length > 0;
            if (hasNamespace)
            {
                w.Line("namespace " + model.Type.Namespace).Open();
            }

            w.Line($"/// <summary>Typed calls and definitions generated for the workflows and activities of <see cref=\"{model.Type.FullName}\"/>.</summary>");
            w.Line($"{(model.Type.IsPublic ? "public" : "internal")} static partial class {model.Type.StubsClassName}").Open();
            if (model.Kind == DefinitionKind.Workflow)
            {
                if (model.StubName is not null)
                {
                    EmitSubWorkflowCall(w, model);
                    w.Line();
                    EmitClientCalls(w, model);
                    w.Line();
                }

                EmitWorkflowDefinition(w, model);
            }
            else
            {
                if (model.StubName is not null)
                {
                    EmitActivityCall(w, model);
                    w.Line();
                }

                EmitActivityDefinition(w, model);
            }

            w.Close();
            if (hasNamespace)
            {
                w.Close();
            }

            return w.ToString();
        }

        public static EquatableArray<RegistrationEntry> SortEntries(ImmutableArray<RegistrationEntry> entries)
        {
            var sorted = entries.ToArray();
            Array.Sort(sorted, static (a, b) =>
            {
                int c = a.Kind.CompareTo(b.Kind);
                c = c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
                c = c != 0 ? c : string.CompareOrdinal(a.StubsClass, b.StubsClass);
                return c != 0 ? c : string.CompareOrdinal(a.DefinitionMethod, b.DefinitionMethod);
            });
            return new EquatableArray<RegistrationEntry>(sorted);
        }

        /// <summary>
        /// The assembly's own name for its registration: the assembly name's letters and digits, each dotted part
        /// capitalized (<c>Shop.Orders</c> gives <c>ShopOrders</c>).
        /// </summary>
        public static string AssemblyIdentifier(string assemblyName)
        {
            var builder = new System.Text.StringBuilder();
            foreach (var part in assemblyName.Split('.', '-', '_', ' '))
            {
                var letters = new string(part.Where(char.IsLetterOrDigit).ToArray());
                builder.Append(Capitalize(letters));
            }

            string id = builder.Length == 0 || char.IsDigit(builder[0]) ? "Assembly" + builder : builder.ToString();

            // GeneratedWorkflowRegistration is the internal class's name.
            return id == "Generated" ? "GeneratedAssembly" : id;
        }

        /// <summary>The public <c>Add{Assembly}Workflows</c> method: <c>Shop.Orders</c> gives <c>AddShopOrdersWorkflows</c>, <c>Shop.Workflows</c> gives <c>AddShopWorkflows</c>.</summary>
        public static string AssemblyMethodName(string assemblyName)
        {
            string id = AssemblyIdentifier(assemblyName);
            return "Add" + (id.EndsWith("Workflows", StringComparison.Ordinal) && id.Length > "Workflows".Length ? id.Substring(0, id.Length - "Workflows".Length) : id) + "Workflows";
        }

        public static string AssemblyClassName(string assemblyName) => AssemblyIdentifier(assemblyName) + "WorkflowRegistration";

        private static string AssemblyClassFullName(string assemblyName) => "global::Workflows.Worker." + AssemblyClassName(assemblyName);

        /// <summary>
        /// The assembly's public registration: what another assembly (a host, a test project) calls to register this
        /// one's definitions, and the assembly-level marker its generator finds them by.
        /// </summary>
        public static string EmitAssemblyRegistration(EquatableArray<RegistrationEntry> entries, string assemblyName)
        {
            var w = Header();
            string className = AssemblyClassName(assemblyName);
            string method = AssemblyMethodName(assemblyName);
            w.Line($"[assembly: global::Workflows.Worker.GeneratedWorkflowRegistrationAttribute(typeof({AssemblyClassFullName(assemblyName)}))]");
            w.Line();
            w.Line("namespace Workflows.Worker").Open();
            w.Line($"/// <summary>Registers the workflows and activities declared in assembly <c>{Xml(assemblyName)}</c>, without reflection; a project that references it registers them with its own <c>AddGeneratedWorkflows</c>.</summary>");
            w.Line(GeneratedCode);
            w.Line($"public static class {className}").Open();

            var instanceTypes = InstanceTypes(entries);
            var addNames = AddTypeNames(instanceTypes);
            var publicTypes = instanceTypes.Where(t => t.IsPublic).ToList();

            w.Line("/// <summary>");
            w.Line($"/// Registers every <c>[Workflow]</c> method and every static <c>[Activity]</c> method of assembly <c>{Xml(assemblyName)}</c>.");
            if (instanceTypes.Count > 0)
            {
                w.Line("/// Activities on instances are not included: use the overload that takes the instances, or the");
                w.Line("/// <c>Add{Type}</c> methods that take an instance or a factory.");
            }

            w.Line("/// </summary>");
            w.Line("/// <param name=\"registry\">The registry.</param>");
            w.Line(GeneratedCode);
            w.Line($"public static {Registry} {method}(this {Registry} registry)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(registry);");
            foreach (var entry in entries.Where(e => e.InstanceType is null))
            {
                string add = entry.Kind == DefinitionKind.Workflow ? "AddWorkflow" : "AddActivity";
                w.Line($"registry.{add}({entry.StubsClass}.{entry.DefinitionMethod}());");
            }

            w.Line("return registry;");
            w.Close();

            if (publicTypes.Count > 0)
            {
                var used = new HashSet<string>(StringComparer.Ordinal) { "registry" };
                var parameters = publicTypes.Select(t => (Type: t, Name: Unique(CamelCase(addNames[t.FullName]), used))).ToList();
                w.Line();
                w.Line("/// <summary>");
                w.Line($"/// Registers every <c>[Workflow]</c> and <c>[Activity]</c> method of assembly <c>{Xml(assemblyName)}</c>; the activities");
                w.Line("/// of each class below run on the one instance given for it, so state it holds is shared across calls.");
                if (publicTypes.Count < instanceTypes.Count)
                {
                    w.Line("/// Activity classes that are not public are bound inside the assembly (its <c>AddGeneratedWorkflows</c>).");
                }

                w.Line("/// </summary>");
                w.Line("/// <param name=\"registry\">The registry.</param>");
                foreach (var (type, name) in parameters)
                {
                    w.Line($"/// <param name=\"{name}\">The object the activities of <see cref=\"{type.FullName}\"/> run on.</param>");
                }

                w.Line("/// <exception cref=\"global::System.ArgumentNullException\">An instance is missing.</exception>");
                w.Line(GeneratedCode);
                w.Line($"public static {Registry} {method}(this {Registry} registry, {string.Join(", ", parameters.Select(p => $"{p.Type.FullName} {p.Name}"))})").Open();
                foreach (var (_, name) in parameters)
                {
                    w.Line($"global::System.ArgumentNullException.ThrowIfNull({name});");
                }

                w.Line($"{method}(registry);");
                foreach (var (type, name) in parameters)
                {
                    w.Line($"Add{addNames[type.FullName]}(registry, {name});");
                }

                w.Line("return registry;");
                w.Close();
            }

            foreach (var type in publicTypes)
            {
                EmitAddType(w, entries, type, addNames[type.FullName], "public");
            }

            EmitAssemblyServicesRegistration(w, method, publicTypes, addNames);

            w.Close();
            w.Close();
            return w.ToString();
        }

        /// <summary>
        /// The internal entry point: this assembly's definitions (through its public registration) and every
        /// referenced assembly's, so a host or a test project registers its libraries with the one call.
        /// </summary>
        public static string EmitRegistration(EquatableArray<RegistrationEntry> entries, string assemblyName, EquatableArray<LibraryRegistration> libraries)
        {
            var w = Header();
            w.Line("namespace Workflows.Worker").Open();
            w.Line("/// <summary>Registers the workflows and activities declared in this assembly and in the assemblies it references, without reflection.</summary>");
            w.Line(GeneratedCode);
            w.Line("internal static class GeneratedWorkflowRegistration").Open();

            var instanceTypes = InstanceTypes(entries);
            var addNames = AddTypeNames(instanceTypes);
            string own = AssemblyClassFullName(assemblyName);
            string ownMethod = AssemblyMethodName(assemblyName);
            bool hasOwn = entries.Count > 0;
            bool anyInstances = instanceTypes.Count > 0 || libraries.Any(l => l.InstanceTypes.Count > 0);

            w.Line("/// <summary>");
            w.Line("/// Registers every <c>[Workflow]</c> method and every static <c>[Activity]</c> method of this assembly");
            w.Line("/// and of every referenced assembly whose definitions were generated.");
            if (anyInstances)
            {
                w.Line("/// Activities on instances are not included: use the overload that takes the instances, or the");
                w.Line("/// <c>Add{Type}</c> methods that take an instance or a factory.");
            }

            w.Line("/// </summary>");
            EmitLibraryList(w, libraries);
            w.Line(GeneratedCode);
            w.Line($"internal static {Registry} AddGeneratedWorkflows(this {Registry} registry)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(registry);");
            if (hasOwn)
            {
                w.Line($"{own}.{ownMethod}(registry);");
            }

            foreach (var library in libraries)
            {
                w.Line($"{library.ClassFullName}.{library.MethodName}(registry);");
            }

            w.Line("return registry;");
            w.Close();

            if (anyInstances)
            {
                // One parameter per activity class, this assembly's first (by full name), then each library's in its order.
                var used = new HashSet<string>(StringComparer.Ordinal) { "registry" };
                var ownParameters = instanceTypes.Select(t => (Type: t, Name: Unique(CamelCase(addNames[t.FullName]), used))).ToList();
                var libraryParameters = libraries.Select(l => l.InstanceTypes.Select(t => (Type: t, Name: Unique(CamelCase(t.Name), used))).ToList()).ToList();
                var all = ownParameters.Select(p => $"{p.Type.FullName} {p.Name}")
                    .Concat(libraryParameters.SelectMany(ps => ps.Select(p => $"{p.Type.FullName} {p.Name}")));

                w.Line();
                w.Line("/// <summary>");
                w.Line("/// Registers every <c>[Workflow]</c> and <c>[Activity]</c> method of this assembly and of every referenced");
                w.Line("/// assembly whose definitions were generated; the activities of each class below run on the one instance");
                w.Line("/// given for it, so state it holds is shared across calls.");
                w.Line("/// </summary>");
                EmitLibraryList(w, libraries);
                w.Line("/// <exception cref=\"global::System.ArgumentNullException\">An instance is missing.</exception>");
                w.Line(GeneratedCode);
                w.Line($"internal static {Registry} AddGeneratedWorkflows(this {Registry} registry, {string.Join(", ", all)})").Open();
                w.Line("global::System.ArgumentNullException.ThrowIfNull(registry);");
                foreach (var (_, name) in ownParameters)
                {
                    w.Line($"global::System.ArgumentNullException.ThrowIfNull({name});");
                }

                if (hasOwn)
                {
                    w.Line($"{own}.{ownMethod}(registry);");
                }

                foreach (var (type, name) in ownParameters)
                {
                    w.Line($"{(type.IsPublic ? own : "GeneratedWorkflowRegistration")}.Add{addNames[type.FullName]}(registry, {name});");
                }

                for (int i = 0; i < libraries.Count; i++)
                {
                    var arguments = string.Concat(libraryParameters[i].Select(p => ", " + p.Name));
                    w.Line($"{libraries[i].ClassFullName}.{libraries[i].MethodName}(registry{arguments});");
                }

                w.Line("return registry;");
                w.Close();
            }

            EmitServicesRegistration(w, instanceTypes, addNames, hasOwn ? own : null, ownMethod, libraries);

            // Activity classes that are not public cannot appear in the public registration.
            foreach (var type in instanceTypes.Where(t => !t.IsPublic))
            {
                EmitAddType(w, entries, type, addNames[type.FullName], "internal");
            }

            w.Close();
            w.Close();
            return w.ToString();
        }

        private static void EmitLibraryList(SourceWriter w, EquatableArray<LibraryRegistration> libraries)
        {
            if (libraries.Count == 0)
            {
                return;
            }

            w.Line("/// <remarks>Referenced assemblies included: " + string.Join(", ", libraries.Select(l => $"<c>{Xml(l.AssemblyName)}</c>")) + ".</remarks>");
        }

        private static List<DeclaringTypeModel> InstanceTypes(EquatableArray<RegistrationEntry> entries)
            => entries
                .Where(e => e.InstanceType is not null)
                .Select(e => e.InstanceType!)
                .GroupBy(t => t.FullName, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();

        // Add{Type} uses the type's own name; the nesting path only when two instance types share a name.
        private static Dictionary<string, string> AddTypeNames(List<DeclaringTypeModel> instanceTypes)
        {
            var ambiguous = new HashSet<string>(instanceTypes.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
            return instanceTypes.ToDictionary(t => t.FullName, t => ambiguous.Contains(t.Name) ? t.FlatName : t.Name, StringComparer.Ordinal);
        }

        private static void EmitAddType(SourceWriter w, EquatableArray<RegistrationEntry> entries, DeclaringTypeModel type, string addName, string visibility)
        {
            string add = "Add" + addName;
            w.Line();
            w.Line($"/// <summary>Registers the <c>[Activity]</c> methods of <see cref=\"{type.FullName}\"/>; every call runs on <paramref name=\"instance\"/>.</summary>");
            w.Line("/// <param name=\"registry\">The registry.</param>");
            w.Line("/// <param name=\"instance\">The object the activities run on.</param>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static {Registry} {add}(this {Registry} registry, {type.FullName} instance)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(instance);");
            w.Line($"return {add}(registry, () => instance);");
            w.Close();
            w.Line();
            w.Line($"/// <summary>Registers the <c>[Activity]</c> methods of <see cref=\"{type.FullName}\"/>; every call runs on an object from <paramref name=\"factory\"/>.</summary>");
            w.Line("/// <param name=\"registry\">The registry.</param>");
            w.Line("/// <param name=\"factory\">Creates (or hands out) the object for one call.</param>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static {Registry} {add}(this {Registry} registry, global::System.Func<{type.FullName}> factory)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(registry);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(factory);");
            foreach (var entry in entries.Where(e => e.InstanceType?.FullName == type.FullName))
            {
                w.Line($"registry.AddActivity({entry.StubsClass}.{entry.DefinitionMethod}(factory));");
            }

            w.Line("return registry;");
            w.Close();
        }

        private static SourceWriter Header()
            => new SourceWriter().Line("// <auto-generated/>").Line("#nullable enable").Line();

        private static void EmitActivityCall(SourceWriter w, MethodModel model)
        {
            var used = UsedNames(model);
            string stubs = Unique("stubs", used);
            string options = Unique("options", used);
            string result = model.Result is null ? Task : $"{Task}<{model.Result.FullName}>";
            string typeArgument = model.Result is null ? "" : $"<{model.Result.FullName}>";
            w.Line($"/// <summary>Runs activity <c>{Xml(model.Name)}</c> (<c>{Xml(model.Type.FlatName)}.{model.MethodName}</c>) and returns its {(model.Result is null ? "completion" : "result")}.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{Visibility(model)} static {result} {model.StubName}Async(this global::Workflows.ActivityStubs {stubs}{Parameters(model)}, global::Workflows.ActivityOptions? {options} = null)");
            w.Indent().Line($"=> {stubs}.Context.ExecuteActivityAsync{typeArgument}({Literal(model.Name)}, {options}, {Arguments(model)});").Dedent();
        }

        private static void EmitSubWorkflowCall(SourceWriter w, MethodModel model)
        {
            var used = UsedNames(model);
            string stubs = Unique("stubs", used);
            string options = Unique("options", used);
            string result = model.Result is null ? Task : $"{Task}<{model.Result.FullName}>";
            string typeArgument = model.Result is null ? "" : $"<{model.Result.FullName}>";
            w.Line($"/// <summary>Runs workflow <c>{Xml(model.Name)}</c> as a sub-workflow and returns its {(model.Result is null ? "completion" : "result")}.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{Visibility(model)} static {result} {model.StubName}Async(this global::Workflows.SubWorkflowStubs {stubs}{Parameters(model)}, global::Workflows.SubWorkflowOptions? {options} = null)");
            w.Indent().Line($"=> {stubs}.Context.ExecuteSubWorkflowAsync{typeArgument}({Literal(model.Name)}, {options}, {Arguments(model)});").Dedent();
        }

        private static void EmitClientCalls(SourceWriter w, MethodModel model)
        {
            var used = UsedNames(model);
            string client = Unique("client", used);
            string options = Unique("options", used);
            string token = Unique("cancellationToken", used);
            string baseName = Capitalize(model.StubName!);
            string typeArgument = model.Result is null ? "" : $"<{model.Result.FullName}>";
            string handle = $"global::Workflows.Client.WorkflowHandle{typeArgument}";
            string start = $"{client}.StartWorkflowAsync{typeArgument}({Literal(model.Name)}, {options}, {Arguments(model)}, {token})";

            w.Line($"/// <summary>Starts workflow <c>{Xml(model.Name)}</c> and returns a handle to the new instance.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{Visibility(model)} static {Task}<{handle}> Start{baseName}Async(this global::Workflows.Client.WorkflowClient {client}{Parameters(model)}, global::Workflows.Client.WorkflowOptions? {options} = null, global::System.Threading.CancellationToken {token} = default)");
            w.Indent().Line($"=> {start};").Dedent();
            w.Line();

            // Client code, not workflow code: ConfigureAwait(false) is right here.
            string wait = model.Result is null ? "WaitForCompletionAsync" : "GetResultAsync";
            string result = model.Result is null ? Task : $"{Task}<{model.Result.FullName}>";
            w.Line($"/// <summary>Starts workflow <c>{Xml(model.Name)}</c> and waits until it finishes{(model.Result is null ? "" : ", returning its result")}.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{Visibility(model)} static async {result} Run{baseName}Async(this global::Workflows.Client.WorkflowClient {client}{Parameters(model)}, global::Workflows.Client.WorkflowOptions? {options} = null, global::System.Threading.CancellationToken {token} = default)");
            w.Indent().Line($"=> await (await {start}.ConfigureAwait(false)).{wait}(null, {token}).ConfigureAwait(false);").Dedent();
        }

        private static void EmitWorkflowDefinition(SourceWriter w, MethodModel model)
        {
            w.Line($"/// <summary>The definition of workflow <c>{Xml(model.Name)}</c>: decodes the arguments and calls <c>{Xml(model.Type.FlatName)}.{model.MethodName}</c>{(model.IsStatic ? "" : " on a new instance per run")}.</summary>");
            w.Line(NeverBrowsable);
            w.Line(GeneratedCode);
            w.Line($"internal static global::Workflows.Worker.WorkflowDefinition {model.DefinitionMethodName}()").Open();
            w.Line("return new global::Workflows.Worker.WorkflowDefinition(").Indent();
            w.Line(Literal(model.Name) + ",");
            w.Line("async (context, arguments) =>").Open();
            EmitDecode(w, model);
            string target = model.IsStatic ? model.Type.FullName : $"new {model.Type.FullName}()";
            string call = $"{target}.{Escape(model.MethodName)}({Join("context", DecodedArguments(model))})";

            // The invoker runs on the workflow scheduler: a plain await keeps every continuation there.
            if (model.Result is null)
            {
                w.Line($"await {call};");
                w.Line("return null;");
            }
            else
            {
                w.Line($"return await {call};");
            }

            w.Close(",");
            w.Line(TypeOf(model) + ");").Dedent();
            w.Close();
        }

        private static void EmitActivityDefinition(SourceWriter w, MethodModel model)
        {
            string factory = model.IsStatic ? "" : $"global::System.Func<{model.Type.FullName}> factory";
            w.Line($"/// <summary>The definition of activity <c>{Xml(model.Name)}</c>: decodes the arguments and calls <c>{Xml(model.Type.FlatName)}.{model.MethodName}</c>{(model.IsStatic ? "" : " on the object from the factory")}.</summary>");
            w.Line(NeverBrowsable);
            w.Line(GeneratedCode);
            w.Line($"internal static global::Workflows.Worker.ActivityDefinition {model.DefinitionMethodName}({factory})").Open();
            w.Line("return new global::Workflows.Worker.ActivityDefinition(").Indent();
            w.Line(Literal(model.Name) + ",");
            bool awaits = model.ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT or ReturnKind.ValueTask or ReturnKind.ValueTaskOfT;
            w.Line($"{(awaits ? "async " : "")}(arguments, cancellationToken) =>").Open();
            EmitDecode(w, model);
            var arguments = DecodedArguments(model);
            if (model.TakesCancellationToken)
            {
                arguments.Add("cancellationToken");
            }

            string target = model.IsStatic ? model.Type.FullName : "factory()";
            string call = $"{target}.{Escape(model.MethodName)}({string.Join(", ", arguments)})";

            // Activities run on worker threads, never on the workflow scheduler: ConfigureAwait(false) is safe.
            switch (model.ReturnKind)
            {
                case ReturnKind.Void:
                    w.Line(call + ";");
                    w.Line($"return {Task}.FromResult<object?>(null);");
                    break;
                case ReturnKind.Value:
                    w.Line($"return {Task}.FromResult<object?>({call});");
                    break;
                case ReturnKind.Task:
                case ReturnKind.ValueTask:
                    w.Line($"await {call}.ConfigureAwait(false);");
                    w.Line("return null;");
                    break;
                default:
                    w.Line($"return await {call}.ConfigureAwait(false);");
                    break;
            }

            w.Close(",");
            w.Line(TypeOf(model) + ");").Dedent();
            w.Close();
        }

        // Decodes every argument before the call, so a bad payload fails before user code (or the factory) runs.
        private static void EmitDecode(SourceWriter w, MethodModel model) => EmitDecodeAll(w, model.Parameters);

        private static List<string> DecodedArguments(MethodModel model) => DecodedNames(model.Parameters.Count);

        private static string Join(string first, List<string> rest) => rest.Count == 0 ? first : first + ", " + string.Join(", ", rest);

        private static string TypeOf(MethodModel model) => model.Result is null ? "null" : $"typeof({model.Result.TypeOfName})";

        private static string Visibility(MethodModel model) => model.IsPublic ? "public" : "internal";

        private static string Parameters(MethodModel model) => ClassParameters(model.Parameters);

        private static string Arguments(MethodModel model) => ClassArguments(model.Parameters);

        private static HashSet<string> UsedNames(MethodModel model)
            => new(model.Parameters.Select(p => p.Name.TrimStart('@')), StringComparer.Ordinal);

        private static string Unique(string preferred, HashSet<string> used)
        {
            string name = preferred;
            while (!used.Add(name))
            {
                name += "_";
            }

            return name;
        }

        private static string Capitalize(string name) => name.Length == 0 || !char.IsLower(name[0]) ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

        private static string CamelCase(string name) => name.Length == 0 || !char.IsUpper(name[0]) ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

        // A method named with a keyword (@event) must be called with its escape.
        private static string Escape(string identifier)
            => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None ? "@" + identifier : identifier;

        private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
