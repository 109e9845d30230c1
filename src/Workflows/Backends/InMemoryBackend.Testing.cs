using Workflows.History;

namespace Workflows.Backends;

/// <summary>An activity task waiting or running, as the workflow tester sees it.</summary>
/// <param name="Instance">The execution that scheduled it.</param>
/// <param name="Name">The activity name.</param>
/// <param name="Inputs">The encoded arguments.</param>
internal sealed record PendingActivityProbe(WorkflowInstance Instance, string Name, IReadOnlyList<string?> Inputs);

/// <summary>An execution whose last workflow task was abandoned and is held back for a retry.</summary>
/// <param name="Instance">The execution.</param>
/// <param name="WorkflowName">Its workflow name.</param>
/// <param name="Error">Why the task could not commit.</param>
internal sealed record FaultedExecutionProbe(WorkflowInstance Instance, string WorkflowName, WorkflowError Error);

/// <summary>One consistent look at the backend, taken under its lock.</summary>
/// <param name="Status">The status of the watched instance's latest execution; null when it does not exist.</param>
/// <param name="Idle">No workflow task is visible or leased and no activity task exists: nothing can move until time passes or someone writes.</param>
/// <param name="NextFutureEvent">The earliest visibility time of an event still in the future (a timer); null when none.</param>
/// <param name="Activities">Every activity task, claimed or not.</param>
/// <param name="Faulted">Executions held back after an abandoned workflow task.</param>
internal sealed record BackendProbe(
    WorkflowStatus? Status,
    bool Idle,
    DateTimeOffset? NextFutureEvent,
    IReadOnlyList<PendingActivityProbe> Activities,
    IReadOnlyList<FaultedExecutionProbe> Faulted);

public sealed partial class InMemoryBackend
{
    /// <summary>
    /// Takes one consistent look for the workflow tester, which advances a fake clock only when nothing can move
    /// without it. Every transition between busy and idle happens under the same lock, so the answer cannot be torn.
    /// </summary>
    internal BackendProbe Probe(string instanceId)
    {
        lock (_gate)
        {
            var now = Now;
            bool idle = _activities.Count == 0;
            DateTimeOffset? next = null;
            List<FaultedExecutionProbe> faulted = [];
            foreach (var execution in _executions.Values)
            {
                if (execution.Status != WorkflowStatus.Running)
                {
                    continue;
                }

                if (execution.LastTaskError is { } error && execution.NotBefore > now)
                {
                    faulted.Add(new FaultedExecutionProbe(execution.Instance, execution.Name, error));
                }

                if ((execution.LockToken is not null && execution.LockedUntil > now) || execution.HasVisibleEvent(now))
                {
                    idle = false;
                }

                foreach (var e in execution.Pending)
                {
                    if (e.VisibleAt is { } at && at > now && (next is null || at < next))
                    {
                        next = at;
                    }
                }
            }

            var activities = _activities.Values
                .OrderBy(a => a.Order)
                .Select(a => new PendingActivityProbe(a.Instance, ((ActivityScheduledAttributes)a.Event.Attributes).Name, ((ActivityScheduledAttributes)a.Event.Attributes).Inputs))
                .ToList();
            WorkflowStatus? status = _latest.TryGetValue(instanceId, out var latest) ? latest.Status : null;
            return new BackendProbe(status, idle, next, activities, faulted);
        }
    }

    /// <summary>Completes at the next write that may change what <see cref="Probe"/> reports.</summary>
    internal Task NextWrite => _workflowSignal.Current;

    /// <summary>Wakes every poller, so waits computed against the clock before it moved are taken again.</summary>
    internal void WakePollers()
    {
        _workflowSignal.Notify();
        _activitySignal.Notify();
    }
}
