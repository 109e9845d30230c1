using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Runtime;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Client;

public sealed partial class WorkflowClient
{
    /// <summary>
    /// Asks a workflow class a question. The answer is computed in this process: the committed history of the
    /// instance's latest execution is replayed on the workflow registered in <paramref name="registry"/>, then the
    /// query member is read. No worker is involved, nothing is written, and the answer reflects exactly the last
    /// committed workflow task (read-your-committed-writes: a signal is seen once a worker has processed it).
    /// </summary>
    /// <typeparam name="TResult">The type the answer decodes as.</typeparam>
    /// <param name="instanceId">The instance.</param>
    /// <param name="queryName">The query name (the member name unless <see cref="WorkflowQueryAttribute"/> names it).</param>
    /// <param name="registry">Holds the workflow's definition (activities need not be registered).</param>
    /// <param name="args">The query's arguments.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="WorkflowQueryException">
    /// The query cannot be answered: the instance has not run a workflow task yet, the workflow is not registered or
    /// has no such query, or the query member awaited, used the context or threw.
    /// </exception>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    /// <remarks>
    /// The cost is one replay of the history. An instance blocked by non-determinism answers from the state its
    /// history reached before the first event the current code no longer reproduces.
    /// </remarks>
    public async Task<TResult> QueryWorkflowAsync<TResult>(string instanceId, string queryName, WorkflowRegistry registry, object?[]? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(queryName);
        Identifiers.Check(instanceId, Identifiers.InstanceId);
        var state = await Backend.GetWorkflowInstanceStateAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var history = await Backend.GetWorkflowInstanceHistoryAsync(state.Instance, null, cancellationToken).ConfigureAwait(false);
        if (history.Count == 0)
        {
            throw new WorkflowQueryException(instanceId, queryName, $"Workflow instance '{instanceId}' has no committed history yet: no worker has run its first workflow task, so there is no state to query.");
        }

        if (!registry.TryGetWorkflow(state.WorkflowName, out _))
        {
            throw new WorkflowQueryException(instanceId, queryName, $"Workflow '{state.WorkflowName}' of instance '{instanceId}' is not in the registry given to the query.");
        }

        var arguments = PayloadLimits.EncodeArguments(Converter, args ?? [], int.MaxValue, $"query '{queryName}'");
        var executor = new WorkflowExecutor(state.Instance, registry, Converter, NullLogger.Instance, Clock);
        string? answer = executor.Query(history, queryName, arguments);
        object? value;
        try
        {
            value = Converter.Deserialize(answer, typeof(TResult));
        }
        catch (PayloadException ex)
        {
            throw new WorkflowQueryException(instanceId, queryName, $"The answer of query '{queryName}' of workflow instance '{instanceId}' cannot be decoded as {typeof(TResult)}: {ex.Message}", ex);
        }

        return value is TResult typed || (value is null && default(TResult) is null)
            ? (TResult)value!
            : throw new WorkflowQueryException(instanceId, queryName, $"The answer of query '{queryName}' of workflow instance '{instanceId}' cannot be decoded as {typeof(TResult)}: the converter returned {value?.GetType().ToString() ?? "null"}.");
    }
}
