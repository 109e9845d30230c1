using Workflows.Backends;
using Workflows.History;

namespace Workflows.Client;

/// <summary>A started workflow instance.</summary>
public class WorkflowHandle
{
    /// <summary>Creates a handle for an existing execution.</summary>
    public WorkflowHandle(WorkflowClient client, WorkflowInstance instance)
    {
        Client = client;
        Instance = instance;
    }

    /// <summary>The client.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The execution that was started.</summary>
    public WorkflowInstance Instance { get; }

    /// <summary>The instance id.</summary>
    public string InstanceId => Instance.InstanceId;

    /// <summary>Waits for the result.</summary>
    /// <inheritdoc cref="WorkflowClient.GetResultAsync{T}(string, TimeSpan?, CancellationToken)"/>
    public Task<T> GetResultAsync<T>(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Client.GetResultAsync<T>(InstanceId, timeout, cancellationToken);

    /// <summary>Waits for the instance to finish.</summary>
    public Task WaitForCompletionAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => Client.WaitForCompletionAsync(InstanceId, timeout, cancellationToken);

    /// <summary>Asks the instance to cancel.</summary>
    public Task CancelAsync(CancellationToken cancellationToken = default) => Client.CancelWorkflowAsync(InstanceId, cancellationToken);

    /// <summary>Ends the instance at once without running its code (children too).</summary>
    public Task TerminateAsync(string? reason = null, CancellationToken cancellationToken = default) => Client.TerminateWorkflowAsync(InstanceId, reason, cancellationToken);

    /// <summary>Sends a signal.</summary>
    public Task SignalAsync(string signalName, object? value, string? requestId = null, CancellationToken cancellationToken = default)
        => Client.SignalWorkflowAsync(InstanceId, signalName, value, requestId, cancellationToken);

    /// <summary>The current state.</summary>
    public Task<WorkflowInstanceState> GetStateAsync(CancellationToken cancellationToken = default) => Client.GetStateAsync(InstanceId, cancellationToken);

    /// <summary>The history of this execution.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(CancellationToken cancellationToken = default)
        => Client.GetHistoryAsync(InstanceId, Instance.ExecutionId, cancellationToken);
}

/// <summary>A started workflow instance whose result is a <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The workflow's result type.</typeparam>
public sealed class WorkflowHandle<TResult> : WorkflowHandle
{
    /// <summary>Creates a handle for an existing execution.</summary>
    public WorkflowHandle(WorkflowClient client, WorkflowInstance instance)
        : base(client, instance)
    {
    }

    /// <summary>Waits for the result.</summary>
    /// <inheritdoc cref="WorkflowClient.GetResultAsync{T}(string, TimeSpan?, CancellationToken)"/>
    public Task<TResult> GetResultAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        => GetResultAsync<TResult>(timeout, cancellationToken);
}
