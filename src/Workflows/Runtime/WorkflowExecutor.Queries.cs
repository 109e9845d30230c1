using Workflows.History;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    private string? _runningQuery;

    /// <summary>
    /// Answers a query: replays <paramref name="history"/> on this fresh executor (commands the replay produces are
    /// discarded; nothing is written), then reads the query member of the workflow object and encodes the answer.
    /// A history that stops replaying (non-determinism) is answered from the state reached before the mismatch.
    /// </summary>
    /// <exception cref="WorkflowQueryException">The query cannot be answered; the message says why.</exception>
    public string? Query(IReadOnlyList<HistoryEvent> history, string queryName, IReadOnlyList<string?> arguments)
    {
        string instanceId = Instance.InstanceId;
        _scheduler.Enter();
        try
        {
            ReplayForQuery(history, queryName);
            if (_workflowObject is not { } workflow || _definition is null)
            {
                throw new WorkflowQueryException(instanceId, queryName, $"Workflow '{Started?.Name}' ({Instance}) is not a workflow class, so it has no queries.");
            }

            if (!_definition.Queries.TryGetValue(queryName, out var query))
            {
                string known = _definition.Queries.Count == 0 ? "none" : string.Join(", ", _definition.Queries.Keys.Order(StringComparer.Ordinal));
                throw new WorkflowQueryException(instanceId, queryName, $"Workflow '{Started?.Name}' has no query '{queryName}' (its queries: {known}).");
            }

            object? answer;
            _runningQuery = queryName;
            try
            {
                answer = query.Handler(workflow, new PayloadArguments(arguments, _converter, $"query '{queryName}' of workflow '{Started?.Name}'"));
            }
            catch (WorkflowQueryException)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw new WorkflowQueryException(instanceId, queryName, $"Query '{queryName}' of workflow '{Started?.Name}' ({Instance}) threw {ex.GetType().Name}: {ex.Message}", ex);
            }
            finally
            {
                _runningQuery = null;
            }

            if (answer is Task)
            {
                throw new WorkflowQueryException(instanceId, queryName, $"Query '{queryName}' of workflow '{Started?.Name}' returned a task: a query answers at once from the workflow's fields and never awaits.");
            }

            try
            {
                return _converter.Serialize(answer, query.ResultType);
            }
            catch (PayloadException ex)
            {
                throw new WorkflowQueryException(instanceId, queryName, $"The answer of query '{queryName}' of workflow '{Started?.Name}' cannot be encoded as {query.ResultType.Name}: {ex.Message}", ex);
            }
        }
        finally
        {
            _scheduler.Exit();
        }
    }

    private void ReplayForQuery(IReadOnlyList<HistoryEvent> history, string queryName)
    {
        IsReplaying = true;
        IndexAhead(history);
        foreach (var e in history)
        {
            try
            {
                ApplyAndRun(e);
            }
            catch (NonDeterminismException)
            {
                // A blocked instance: its code no longer reproduces the history from here on. The state reached so
                // far is what the last compatible code committed, and the best answer there is.
                return;
            }
            catch (Exception ex) when (ex is not WorkflowQueryException)
            {
                throw new WorkflowQueryException(Instance.InstanceId, queryName, $"The history of {Instance} could not be replayed to answer query '{queryName}': {ex.Message}", ex);
            }

            LastSequenceId = e.SequenceId;
        }
    }

    // Queries read; anything that would record (or wait on) something in the history is refused.
    private void ThrowIfQuerying(string api)
    {
        if (_runningQuery is { } query)
        {
            throw new WorkflowQueryException(
                Instance.InstanceId,
                query,
                $"Query '{query}' of workflow '{Started?.Name}' called workflow API '{api}'. A query only reads the workflow's fields: it may not schedule work, wait or use the context.");
        }
    }
}
