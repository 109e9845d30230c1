using Microsoft.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>
/// The descriptors of the definition rules: what a <c>[Workflow]</c> or <c>[Activity]</c> method must look like
/// for the source generator to give it typed stubs, an invoker and a registration. Messages name the method
/// (its kind and registered name) and say what to write instead.
/// </summary>
internal static class DefinitionDescriptors
{
    public const string Category = "Workflows.Definitions";

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description, params string[] tags) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: Descriptors.HelpLink(id), customTags: tags);

    public static readonly DiagnosticDescriptor WorkflowWithoutContext = Create(
        DiagnosticIds.WorkflowWithoutContext,
        "A workflow takes WorkflowContext as its first parameter",
        "Workflow '{0}' does not take WorkflowContext as its first parameter; declare 'WorkflowContext ctx' first, then its inputs",
        DiagnosticSeverity.Error,
        "Workflow code reaches activities, timers and sub-workflows through its WorkflowContext; the runtime passes it as the first argument.");

    public static readonly DiagnosticDescriptor InvalidReturnType = Create(
        DiagnosticIds.InvalidDefinitionReturnType,
        "A workflow or activity returns a type the runtime can await and record",
        "{0} '{1}' returns '{2}'; return {3} instead",
        DiagnosticSeverity.Error,
        "Workflows return Task or Task<T>. Activities return Task, Task<T>, ValueTask, ValueTask<T>, void or a serializable value. The result is recorded in history as a payload.");

    public static readonly DiagnosticDescriptor GenericDefinition = Create(
        DiagnosticIds.GenericDefinition,
        "A workflow or activity is not generic",
        "{0} '{1}' cannot be registered because {2}; use a non-generic method with concrete parameter types",
        DiagnosticSeverity.Error,
        "A registered name maps to one method with fixed payload types; a generic method has no single set of types to decode its arguments as.");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Create(
        DiagnosticIds.UnsupportedDefinitionParameter,
        "Workflow and activity parameters are serializable values",
        "{0} '{1}' cannot take this parameter: {2}; pass serializable values (and, for an activity, an optional last CancellationToken)",
        DiagnosticSeverity.Error,
        "Arguments are encoded as payloads and recorded in history: ref/out/in parameters, pointers, delegates, streams and ref structs cannot be. An activity may take a CancellationToken as its last parameter; the worker supplies it.");

    public static readonly DiagnosticDescriptor DuplicateName = Create(
        DiagnosticIds.DuplicateDefinitionName,
        "Workflow and activity names are unique in an assembly",
        "{0} name '{1}' is used by {2}; give each its own name with [{0}(\"...\")]",
        DiagnosticSeverity.Error,
        "The name is the durable identity recorded in histories and the key of the registry; two methods with one name cannot both be registered.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InvalidName = Create(
        DiagnosticIds.InvalidDefinitionName,
        "Workflow and activity names are valid identifiers",
        "{0} name '{1}' is not a valid C# identifier, so no typed stub is generated for '{2}'; use a name such as '{3}', or call it by name",
        DiagnosticSeverity.Warning,
        "Typed stubs are named after the registered name (ctx.Activities.{Name}Async). A name that is not an identifier still registers and runs by name, but gets no stub; an empty name cannot be registered at all.");

    public static readonly DiagnosticDescriptor Inaccessible = Create(
        DiagnosticIds.InaccessibleDefinition,
        "Workflows and activities are reachable from generated code",
        "{0} '{1}' cannot be called by generated code: {2}; make it internal or public",
        DiagnosticSeverity.Error,
        "The generated invokers and stubs live in their own classes of the same assembly; they can call internal and public members only.");

    public static readonly DiagnosticDescriptor WorkflowWithoutConstructor = Create(
        DiagnosticIds.WorkflowWithoutConstructor,
        "An instance workflow's type has a parameterless constructor",
        "Workflow '{0}' is an instance method, but '{1}' has no internal or public parameterless constructor (or is abstract); add one, or make the workflow static",
        DiagnosticSeverity.Error,
        "Each run of an instance workflow gets a new object of its type, created with the parameterless constructor.");
}
