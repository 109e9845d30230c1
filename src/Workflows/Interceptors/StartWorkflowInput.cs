using Workflows.Client;

namespace Workflows.Interceptors;

/// <summary>A start as <see cref="IWorkflowClientInterceptor"/>s see it; change it with <c>with</c>.</summary>
/// <param name="WorkflowName">The registered workflow name.</param>
/// <param name="Options">Instance id, queue and metadata.</param>
/// <param name="Inputs">The encoded inputs.</param>
/// <param name="CancellationToken">Cancels the call.</param>
public sealed record StartWorkflowInput(string WorkflowName, WorkflowOptions Options, IReadOnlyList<string?> Inputs, CancellationToken CancellationToken);
