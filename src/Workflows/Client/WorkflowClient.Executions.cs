using Workflows.Backends;

namespace Workflows.Client;

public sealed partial class WorkflowClient
{
    /// <summary>
    /// Every execution of the instance, newest first: a continue-as-new chain, or earlier runs of a reused id. Each
    /// state names its execution, so its history is <c>GetHistoryAsync(instanceId, state.Instance.ExecutionId)</c>.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    public Task<IReadOnlyList<WorkflowInstanceState>> GetExecutionsAsync(string instanceId, CancellationToken cancellationToken = default)
        => Backend.ListWorkflowExecutionsAsync(instanceId, cancellationToken);

    /// <summary>The state of one execution of the instance (the latest is what <see cref="GetStateAsync(string, CancellationToken)"/> returns).</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance, or this execution of it, does not exist.</exception>
    public async Task<WorkflowInstanceState> GetExecutionStateAsync(string instanceId, string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        var executions = await Backend.ListWorkflowExecutionsAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return executions.FirstOrDefault(e => e.Instance.ExecutionId == executionId)
            ?? throw new WorkflowInstanceNotFoundException(instanceId, $"no execution '{executionId}'");
    }
}
