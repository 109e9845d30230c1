namespace Workflows.Worker;

/// <summary>Answers a query of a workflow class: decodes the arguments and reads the query member.</summary>
/// <param name="workflow">The workflow object, in the state the replayed history left it.</param>
/// <param name="arguments">The query's arguments.</param>
/// <returns>The answer.</returns>
public delegate object? WorkflowQueryHandler(object workflow, PayloadArguments arguments);

/// <summary>A query of a workflow class. Generated code builds these.</summary>
/// <param name="Name">The query name.</param>
/// <param name="Handler">Answers it.</param>
/// <param name="ResultType">The type the answer is encoded as.</param>
public sealed record WorkflowQueryDefinition(string Name, WorkflowQueryHandler Handler, Type ResultType);
