namespace Workflows.Interceptors;

/// <summary>An activity call from workflow code as <see cref="IWorkflowWorkerInterceptor"/>s see it; change it with <c>with</c>.</summary>
/// <param name="Context">The calling workflow's context.</param>
/// <param name="Name">The registered activity name.</param>
/// <param name="Options">The call's options; defaults when null.</param>
/// <param name="Arguments">The arguments, not yet encoded.</param>
/// <param name="ResultType">The type the result decodes to (<see cref="void"/> for none).</param>
public sealed record ActivityCallInput(WorkflowContext Context, string Name, ActivityOptions? Options, IReadOnlyList<object?> Arguments, Type ResultType);
