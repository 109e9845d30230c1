namespace Workflows.Worker;

/// <summary>Runs a workflow: decodes its arguments and calls it. Generated code and the registry's overloads build these.</summary>
/// <param name="context">The workflow context.</param>
/// <param name="arguments">The encoded arguments.</param>
/// <returns>The workflow's result (null for workflows without one).</returns>
public delegate Task<object?> WorkflowInvoker(WorkflowContext context, PayloadArguments arguments);

/// <summary>Runs an activity: decodes its arguments and calls it.</summary>
/// <param name="arguments">The encoded arguments.</param>
/// <param name="cancellationToken">Fires when the worker stops or loses the activity's lease.</param>
/// <returns>The activity's result (null for activities without one).</returns>
public delegate Task<object?> ActivityInvoker(PayloadArguments arguments, CancellationToken cancellationToken);

/// <summary>A registered workflow.</summary>
/// <param name="Name">The registered name.</param>
/// <param name="Invoker">Runs it.</param>
/// <param name="ResultType">The type the result is encoded as; null when it has none.</param>
public sealed partial record WorkflowDefinition(string Name, WorkflowInvoker Invoker, Type? ResultType);

/// <summary>A registered activity.</summary>
/// <param name="Name">The registered name.</param>
/// <param name="Invoker">Runs it.</param>
/// <param name="ResultType">The type the result is encoded as; null when it has none.</param>
public sealed record ActivityDefinition(string Name, ActivityInvoker Invoker, Type? ResultType);
