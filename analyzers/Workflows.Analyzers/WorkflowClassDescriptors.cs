using Microsoft.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>The descriptors of the workflow-class rules (WF2009-WF2014).</summary>
internal static class WorkflowClassDescriptors
{
    private static DiagnosticDescriptor Create(string id, string title, string message, string description) =>
        new(id, title, message, DefinitionDescriptors.Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description, helpLinkUri: Descriptors.HelpLink(id));

    public static readonly DiagnosticDescriptor InvalidClass = Create(
        DiagnosticIds.InvalidWorkflowClass,
        "A workflow class can be created once per execution",
        "Workflow class '{0}' cannot be a workflow because {1}; make it a non-generic, non-abstract class with a public or internal parameterless constructor",
        "The runtime creates a new object of a workflow class for every execution and every replay, with its parameterless constructor.");

    public static readonly DiagnosticDescriptor RunCount = Create(
        DiagnosticIds.WorkflowRunCount,
        "A workflow class has exactly one [WorkflowRun] method",
        "Workflow class '{0}' declares {1} [WorkflowRun] methods; mark exactly one method as the workflow",
        "The [WorkflowRun] method is the workflow: the runtime calls it once per execution.");

    public static readonly DiagnosticDescriptor InvalidRun = Create(
        DiagnosticIds.InvalidWorkflowRun,
        "A [WorkflowRun] method is an instance method that takes WorkflowContext first and returns Task or Task<T>",
        "Run method '{0}' of workflow class '{1}' is invalid: {2}",
        "The run method follows the rules of a [Workflow] method: WorkflowContext first, then serializable inputs, returning Task or Task<T>; it is an instance method so it can use the object's fields.");

    public static readonly DiagnosticDescriptor InvalidSignal = Create(
        DiagnosticIds.InvalidSignalHandler,
        "A signal handler takes one serializable value and returns void or Task",
        "Signal handler '{0}' of workflow class '{1}' is invalid: {2}",
        "A signal carries one payload; the runtime decodes it as the handler's parameter type and calls the handler on the workflow scheduler.");

    public static readonly DiagnosticDescriptor InvalidQuery = Create(
        DiagnosticIds.InvalidQuery,
        "A query is a property or method returning a serializable value, without awaiting",
        "Query '{0}' of workflow class '{1}' is invalid: {2}",
        "A query is answered at once from the workflow's fields after replaying its history; it cannot await, so it returns a plain serializable value.");

    public static readonly DiagnosticDescriptor QuerySideEffect = Create(
        DiagnosticIds.QuerySideEffect,
        "A query only reads workflow state",
        "Query '{0}' of workflow class '{1}' {2}; a query must only read the workflow's fields",
        "A query runs on a replayed copy of the workflow; what it assigns is lost and what it schedules would never be recorded, so the runtime refuses context calls and this rule flags both.");
}
