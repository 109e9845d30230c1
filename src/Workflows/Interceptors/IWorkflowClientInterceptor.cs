namespace Workflows.Interceptors;

/// <summary>
/// Wraps the calls of a <see cref="Client.WorkflowClient"/> that change instances (start, signal, cancel, terminate),
/// for cross-cutting behaviour such as audit records, authorisation or extra metadata. Each method receives the call
/// and the rest of the chain; call <c>next</c> to go on (with a changed input if you like) or throw to refuse. The
/// interceptors of <see cref="Client.WorkflowClientOptions.Interceptors"/> run in list order: the first one sees the
/// call first and the result last. Members not overridden pass the call on.
/// </summary>
public interface IWorkflowClientInterceptor
{
    /// <summary>Wraps a start; the inputs are already encoded, the metadata not yet completed with the trace context.</summary>
    /// <param name="input">The start.</param>
    /// <param name="next">The rest of the chain, ending at the backend.</param>
    /// <returns>The started execution.</returns>
    Task<WorkflowInstance> StartWorkflowAsync(StartWorkflowInput input, Func<StartWorkflowInput, Task<WorkflowInstance>> next) => next(input);

    /// <summary>Wraps a signal; its value is already encoded.</summary>
    /// <param name="input">The signal.</param>
    /// <param name="next">The rest of the chain, ending at the backend.</param>
    Task SignalWorkflowAsync(SignalWorkflowInput input, Func<SignalWorkflowInput, Task> next) => next(input);

    /// <summary>Wraps a cancellation request.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="next">The rest of the chain, ending at the backend.</param>
    Task CancelWorkflowAsync(string instanceId, Func<string, Task> next) => next(instanceId);

    /// <summary>Wraps a termination.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="reason">The reason given.</param>
    /// <param name="next">The rest of the chain, ending at the backend.</param>
    Task TerminateWorkflowAsync(string instanceId, string? reason, Func<string, string?, Task> next) => next(instanceId, reason);
}
