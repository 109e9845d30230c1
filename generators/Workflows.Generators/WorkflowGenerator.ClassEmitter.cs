using Workflows.Generators.Model;

namespace Workflows.Generators;

public sealed partial class WorkflowGenerator
{
    internal static partial class Emitter
    {
        private const string Client = "global::Workflows.Client.WorkflowClient";
        private const string Token = "global::System.Threading.CancellationToken";

        /// <summary>
        /// The file of one <c>[Workflow]</c> class: its definition, the typed client calls and handle, the
        /// sub-workflow call and the external handle for workflow code.
        /// </summary>
        public static string EmitClass(WorkflowClassModel model)
        {
            var w = Header();
            bool hasNamespace = model.Type.Namespace.Length > 0;
            if (hasNamespace)
            {
                w.Line("namespace " + model.Type.Namespace).Open();
            }

            string visibility = model.IsPublic ? "public" : "internal";
            w.Line($"/// <summary>Typed calls and definitions generated for the workflows and activities of <see cref=\"{model.Type.FullName}\"/>.</summary>");
            w.Line($"{(model.Type.IsPublic ? "public" : "internal")} static partial class {model.Type.StubsClassName}").Open();
            if (model.StubName is not null)
            {
                EmitClassCalls(w, model, visibility);
            }

            EmitClassDefinition(w, model);
            w.Close();

            if (model.StubName is not null)
            {
                w.Line();
                EmitHandle(w, model, visibility);
                w.Line();
                EmitExternalHandle(w, model, visibility);
            }

            if (hasNamespace)
            {
                w.Close();
            }

            return w.ToString();
        }

        private static string HandleName(WorkflowClassModel model) => Capitalize(model.StubName!) + "Handle";

        private static string ExternalHandleName(WorkflowClassModel model) => Capitalize(model.StubName!) + "ExternalHandle";

        private static string ClassParameters(EquatableArray<ParameterModel> parameters)
            => string.Concat(parameters.Select(p => $", {p.Type.FullName} {p.Name}"));

        // Always an explicit array: a lone array argument must not become the params array itself.
        private static string ClassArguments(EquatableArray<ParameterModel> parameters)
            => parameters.Count == 0
                ? "global::System.Array.Empty<object?>()"
                : "new object?[] { " + string.Join(", ", parameters.Select(p => p.Name)) + " }";

        private static void EmitClassCalls(SourceWriter w, WorkflowClassModel model, string visibility)
        {
            var used = new HashSet<string>(model.Parameters.Select(p => p.Name.TrimStart('@')), StringComparer.Ordinal);
            string stubs = Unique("stubs", used);
            string client = Unique("client", used);
            string options = Unique("options", used);
            string token = Unique("cancellationToken", used);
            string baseName = Capitalize(model.StubName!);
            string handle = HandleName(model);
            string external = ExternalHandleName(model);
            string result = model.Result is null ? Task : $"{Task}<{model.Result.FullName}>";
            string typeArgument = model.Result is null ? "" : $"<{model.Result.FullName}>";
            string parameters = ClassParameters(model.Parameters);
            string arguments = ClassArguments(model.Parameters);

            w.Line($"/// <summary>Runs workflow <c>{Xml(model.Name)}</c> as a sub-workflow and returns its {(model.Result is null ? "completion" : "result")}.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static {result} {model.StubName}Async(this global::Workflows.SubWorkflowStubs {stubs}{parameters}, global::Workflows.SubWorkflowOptions? {options} = null)");
            w.Indent().Line($"=> {stubs}.Context.ExecuteSubWorkflowAsync{typeArgument}({Literal(model.Name)}, {options}, {arguments});").Dedent();
            w.Line();

            w.Line($"/// <summary>A handle to send typed signals to another instance of workflow <c>{Xml(model.Name)}</c> from workflow code.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static {external} Get{baseName}Handle(this global::Workflows.SubWorkflowStubs stubs, string instanceId)");
            w.Indent().Line($"=> new {external}(stubs.Context, instanceId);").Dedent();
            w.Line();

            // Client code, not workflow code: ConfigureAwait(false) is right here.
            w.Line($"/// <summary>Starts workflow <c>{Xml(model.Name)}</c> and returns a typed handle to the new instance.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static async {Task}<{handle}> Start{baseName}Async(this {Client} {client}{parameters}, global::Workflows.Client.WorkflowOptions? {options} = null, {Token} {token} = default)");
            w.Indent().Line($"=> new {handle}({client}, (await {client}.StartWorkflowAsync({Literal(model.Name)}, {options}, {arguments}, {token}).ConfigureAwait(false)).InstanceId);").Dedent();
            w.Line();

            string wait = model.Result is null ? "WaitForCompletionAsync" : $"GetResultAsync{typeArgument}";
            w.Line($"/// <summary>Starts workflow <c>{Xml(model.Name)}</c> and waits until it finishes{(model.Result is null ? "" : ", returning its result")}.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static async {result} Run{baseName}Async(this {Client} {client}{parameters}, global::Workflows.Client.WorkflowOptions? {options} = null, {Token} {token} = default)");
            w.Indent().Line($"=> await (await {client}.StartWorkflowAsync({Literal(model.Name)}, {options}, {arguments}, {token}).ConfigureAwait(false)).{wait}(null, {token}).ConfigureAwait(false);").Dedent();
            w.Line();

            w.Line($"/// <summary>A typed handle to an existing instance of workflow <c>{Xml(model.Name)}</c>.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} static {handle} Get{baseName}Handle(this {Client} client, string instanceId)");
            w.Indent().Line($"=> new {handle}(client, instanceId);").Dedent();
            w.Line();
        }

        private static void EmitClassDefinition(SourceWriter w, WorkflowClassModel model)
        {
            string type = model.Type.FullName;
            w.Line($"/// <summary>The definition of workflow class <c>{Xml(model.Name)}</c>: a new <see cref=\"{type}\"/> per execution, its run method, signal handlers and queries.</summary>");
            w.Line(NeverBrowsable);
            w.Line(GeneratedCode);
            w.Line($"internal static global::Workflows.Worker.WorkflowDefinition {WorkflowClassModel.DefinitionMethodName}()").Open();
            w.Line("return new global::Workflows.Worker.WorkflowDefinition(").Indent();
            w.Line(Literal(model.Name) + ",");
            w.Line($"static () => new {type}(),");

            // The run method, the handlers and the queries run on the workflow scheduler: plain awaits keep them there.
            w.Line("static async (workflow, context, arguments) =>").Open();
            EmitDecodeAll(w, model.Parameters);
            string call = $"(({type})workflow).{Escape(model.RunMethodName)}({Join("context", DecodedNames(model.Parameters.Count))})";
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
            w.Line((model.Result is null ? "null" : $"typeof({model.Result.TypeOfName})") + ",");

            w.Line("new global::Workflows.Worker.WorkflowSignalDefinition[]").Open();
            foreach (var signal in model.Signals)
            {
                w.Line($"new({Literal(signal.Name)}, static (workflow, arguments) =>").Open();
                w.Line("arguments.ExpectCount(1);");
                w.Line($"var value = arguments.Get<{signal.Parameter.Type.FullName}>(0);");
                if (signal.IsAsync)
                {
                    w.Line($"return (({type})workflow).{Escape(signal.MethodName)}(value);");
                }
                else
                {
                    w.Line($"(({type})workflow).{Escape(signal.MethodName)}(value);");
                    w.Line($"return {Task}.CompletedTask;");
                }

                w.Close($", typeof({signal.Parameter.Type.TypeOfName})),");
            }

            w.Close(",");
            w.Line("new global::Workflows.Worker.WorkflowQueryDefinition[]").Open();
            foreach (var query in model.Queries)
            {
                w.Line($"new({Literal(query.Name)}, static (workflow, arguments) =>").Open();
                EmitDecodeAll(w, query.Parameters);
                string read = query.IsProperty
                    ? $"(({type})workflow).{Escape(query.MemberName)}"
                    : $"(({type})workflow).{Escape(query.MemberName)}({string.Join(", ", DecodedNames(query.Parameters.Count))})";
                w.Line($"return {read};");
                w.Close($", typeof({query.Result.TypeOfName})),");
            }

            w.Close(");").Dedent();
            w.Close();
        }

        // Decodes every argument before the call, so a bad payload fails before user code (or the factory) runs.
        private static void EmitDecodeAll(SourceWriter w, EquatableArray<ParameterModel> parameters)
        {
            w.Line($"arguments.ExpectCount({parameters.Count});");
            for (int i = 0; i < parameters.Count; i++)
            {
                w.Line($"var arg{i} = arguments.Get<{parameters[i].Type.FullName}>({i});");
            }
        }

        private static List<string> DecodedNames(int count)
            => Enumerable.Range(0, count).Select(i => "arg" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        private static void EmitHandle(SourceWriter w, WorkflowClassModel model, string visibility)
        {
            string handle = HandleName(model);
            string typeArgument = model.Result is null ? "" : $"<{model.Result.FullName}>";
            w.Line($"/// <summary>A typed handle to an instance of workflow <c>{Xml(model.Name)}</c> (<see cref=\"{model.Type.FullName}\"/>): its signals and queries with their types fixed at compile time.</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} sealed class {handle}").Open();

            // Queries replay on this one definition: activities and other workflows need not be registered to replay.
            w.Line($"private static global::Workflows.Worker.WorkflowRegistry? s_registry;");
            w.Line();
            w.Line("/// <summary>Creates a handle to an existing instance.</summary>");
            w.Line("/// <param name=\"client\">The client.</param>");
            w.Line("/// <param name=\"instanceId\">The instance id.</param>");
            w.Line($"public {handle}({Client} client, string instanceId)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(client);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(instanceId);");
            w.Line("Client = client;");
            w.Line("InstanceId = instanceId;");
            w.Close();
            w.Line();
            w.Line("/// <summary>The client.</summary>");
            w.Line($"public {Client} Client {{ get; }}");
            w.Line();
            w.Line("/// <summary>The instance id.</summary>");
            w.Line("public string InstanceId { get; }");
            w.Line();
            w.Line($"private static global::Workflows.Worker.WorkflowRegistry Registry => s_registry ??= new global::Workflows.Worker.WorkflowRegistry().AddWorkflow({model.Type.StubsClassFullName}.{WorkflowClassModel.DefinitionMethodName}());");

            foreach (var signal in model.Signals)
            {
                var used = new HashSet<string>(StringComparer.Ordinal) { signal.Parameter.Name.TrimStart('@') };
                string requestId = Unique("requestId", used);
                string token = Unique("cancellationToken", used);
                w.Line();
                w.Line($"/// <summary>Sends signal <c>{Xml(signal.Name)}</c>, handled by <c>{signal.MethodName}</c>.</summary>");
                w.Line($"/// <param name=\"{signal.Parameter.Name.TrimStart('@')}\">The value.</param>");
                w.Line($"/// <param name=\"{requestId}\">Makes a retried call land once.</param>");
                w.Line($"/// <param name=\"{token}\">Cancels the call.</param>");
                w.Line($"public {Task} Signal{Capitalize(signal.MethodName)}Async({signal.Parameter.Type.FullName} {signal.Parameter.Name}, string? {requestId} = null, {Token} {token} = default)");
                w.Indent().Line($"=> Client.SignalWorkflowAsync(InstanceId, {Literal(signal.Name)}, {signal.Parameter.Name}, {requestId}, {token});").Dedent();
            }

            foreach (var query in model.Queries)
            {
                var used = new HashSet<string>(query.Parameters.Select(p => p.Name.TrimStart('@')), StringComparer.Ordinal);
                string token = Unique("cancellationToken", used);
                string leading = string.Join(", ", query.Parameters.Select(p => $"{p.Type.FullName} {p.Name}"));
                w.Line();
                w.Line($"/// <summary>Answers query <c>{Xml(query.Name)}</c> from the instance's last committed state, replayed in this process (no worker needed).</summary>");
                foreach (var p in query.Parameters)
                {
                    w.Line($"/// <param name=\"{p.Name.TrimStart('@')}\">A query argument.</param>");
                }

                w.Line($"/// <param name=\"{token}\">Cancels the reads.</param>");
                w.Line("/// <exception cref=\"global::Workflows.WorkflowQueryException\">The query cannot be answered.</exception>");
                w.Line($"public {Task}<{query.Result.FullName}> Query{Capitalize(query.MemberName)}Async({(leading.Length == 0 ? "" : leading + ", ")}{Token} {token} = default)");
                w.Indent().Line($"=> Client.QueryWorkflowAsync<{query.Result.FullName}>(InstanceId, {Literal(query.Name)}, Registry, {ClassArguments(query.Parameters)}, {token});").Dedent();
            }

            w.Line();
            if (model.Result is null)
            {
                w.Line("/// <summary>Waits for the instance to finish.</summary>");
                w.Line("/// <param name=\"timeout\">How long to wait; forever when null.</param>");
                w.Line("/// <param name=\"cancellationToken\">Stops waiting.</param>");
                w.Line($"public {Task} GetResultAsync(global::System.TimeSpan? timeout = null, {Token} cancellationToken = default)");
                w.Indent().Line("=> Client.WaitForCompletionAsync(InstanceId, timeout, cancellationToken);").Dedent();
            }
            else
            {
                w.Line("/// <summary>Waits for the instance to finish and returns its result.</summary>");
                w.Line("/// <param name=\"timeout\">How long to wait; forever when null.</param>");
                w.Line("/// <param name=\"cancellationToken\">Stops waiting.</param>");
                w.Line($"public {Task}<{model.Result.FullName}> GetResultAsync(global::System.TimeSpan? timeout = null, {Token} cancellationToken = default)");
                w.Indent().Line($"=> Client.GetResultAsync{typeArgument}(InstanceId, timeout, cancellationToken);").Dedent();
            }

            w.Line();
            w.Line("/// <summary>Asks the instance to cancel.</summary>");
            w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
            w.Line($"public {Task} CancelAsync({Token} cancellationToken = default) => Client.CancelWorkflowAsync(InstanceId, cancellationToken);");
            w.Line();
            w.Line("/// <summary>Ends the instance at once without running its code.</summary>");
            w.Line("/// <param name=\"reason\">Why, recorded as its error.</param>");
            w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
            w.Line($"public {Task} TerminateAsync(string? reason = null, {Token} cancellationToken = default) => Client.TerminateWorkflowAsync(InstanceId, reason, cancellationToken);");
            w.Close();
        }

        private static void EmitExternalHandle(SourceWriter w, WorkflowClassModel model, string visibility)
        {
            string handle = ExternalHandleName(model);
            w.Line($"/// <summary>Sends typed signals to an instance of workflow <c>{Xml(model.Name)}</c> from workflow code (each send is recorded as an activity).</summary>");
            w.Line(GeneratedCode);
            w.Line($"{visibility} sealed class {handle}").Open();
            w.Line("private readonly global::Workflows.WorkflowContext _context;");
            w.Line();
            w.Line("/// <summary>Creates the handle.</summary>");
            w.Line("/// <param name=\"context\">The sending workflow's context.</param>");
            w.Line("/// <param name=\"instanceId\">The receiving instance.</param>");
            w.Line($"public {handle}(global::Workflows.WorkflowContext context, string instanceId)").Open();
            w.Line("global::System.ArgumentNullException.ThrowIfNull(context);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(instanceId);");
            w.Line("_context = context;");
            w.Line("InstanceId = instanceId;");
            w.Close();
            w.Line();
            w.Line("/// <summary>The receiving instance.</summary>");
            w.Line("public string InstanceId { get; }");
            foreach (var signal in model.Signals)
            {
                w.Line();
                w.Line($"/// <summary>Sends signal <c>{Xml(signal.Name)}</c>.</summary>");
                w.Line($"/// <param name=\"{signal.Parameter.Name.TrimStart('@')}\">The value.</param>");
                w.Line($"public {Task} Signal{Capitalize(signal.MethodName)}Async({signal.Parameter.Type.FullName} {signal.Parameter.Name})");
                w.Indent().Line($"=> _context.SignalWorkflowAsync(InstanceId, {Literal(signal.Name)}, {signal.Parameter.Name});").Dedent();
            }

            w.Close();
        }
    }
}
