namespace Workflows.Worker;

/// <summary>Runs a signal handler of a workflow class: decodes the signal's value and calls the handler.</summary>
/// <param name="workflow">The workflow object of the execution.</param>
/// <param name="arguments">The signal's value, as the one argument.</param>
/// <returns>The handler's completion (a completed task for a synchronous handler).</returns>
public delegate Task WorkflowSignalHandler(object workflow, PayloadArguments arguments);

/// <summary>A signal handler of a workflow class. Generated code builds these.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="Handler">Runs it.</param>
/// <param name="ValueType">The type the value decodes as.</param>
public sealed record WorkflowSignalDefinition(string Name, WorkflowSignalHandler Handler, Type ValueType);
