using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Backends;
using Workflows.Runtime;

namespace Workflows.Testing;

public sealed partial class WorkflowTester
{
    // Deep enough for any sane tree of sub-workflows, and a guard against a cycle of instance ids.
    private const int MaxDiagnosticDepth = 8;

    // The waits come from replaying the committed history on a fresh executor, which rebuilds exactly the state the
    // worker's executor had: signal channels read with waiters, commands scheduled and not completed.
    private async Task<WorkflowBlockedException> BlockedAsync()
    {
        var state = await Client.GetStateAsync(Options.InstanceId).ConfigureAwait(false);
        List<string> waits = [];
        await CollectWaitsAsync(state.Instance, "", 0, waits).ConfigureAwait(false);
        string list = waits.Count == 0
            ? " nothing the runtime knows of (did it await a workflow channel nobody writes to?)"
            : string.Concat(waits.Select(w => Environment.NewLine + "  - " + w));
        return new WorkflowBlockedException(
            $"Workflow '{state.WorkflowName}' (instance '{state.Instance.InstanceId}') is blocked: it has not finished, nothing is running, "
            + $"no timer is pending and no callback is left, so it can never move on (mock time {Now:O}, {Elapsed} after the start). It waits on:{list}",
            waits);
    }

    private async Task CollectWaitsAsync(WorkflowInstance instance, string prefix, int depth, List<string> waits)
    {
        var history = await _backend.GetWorkflowInstanceHistoryAsync(instance).ConfigureAwait(false);
        var executor = new WorkflowExecutor(instance, _workerRegistry!, Options.PayloadConverter, NullLogger.Instance, _clock);
        try
        {
            executor.ReplayOnly(history);
        }
        catch (Exception ex)
        {
            waits.Add($"{prefix}(its history could not be replayed to see what it waits on: {ex.Message})");
            return;
        }

        waits.AddRange(executor.DescribeWaits().Select(w => prefix + w));
        if (depth >= MaxDiagnosticDepth)
        {
            return;
        }

        foreach (var (name, instanceId, _) in executor.OutstandingSubWorkflows())
        {
            WorkflowInstanceState child;
            try
            {
                child = await Client.GetStateAsync(instanceId).ConfigureAwait(false);
            }
            catch (WorkflowInstanceNotFoundException)
            {
                continue;
            }

            if (child.Status == WorkflowStatus.Running)
            {
                await CollectWaitsAsync(child.Instance, $"{prefix}[sub-workflow '{name}' '{instanceId}'] ", depth + 1, waits).ConfigureAwait(false);
            }
        }
    }
}
