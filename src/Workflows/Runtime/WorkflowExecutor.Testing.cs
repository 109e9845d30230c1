namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    /// <summary>
    /// What the workflow code waits on right now, in words: signal names it reads and the activities, timers and
    /// sub-workflows it has scheduled that have not completed. Read-only; for the workflow tester's diagnostics.
    /// </summary>
    internal IReadOnlyList<string> DescribeWaits()
    {
        List<string> waits = [];
        foreach (var queue in _signals.Values.OrderBy(q => q.Name, StringComparer.Ordinal))
        {
            if (queue.Waiters > 0)
            {
                waits.Add($"signal '{queue.Name}'");
            }
        }

        foreach (var command in _commands.Values.OrderBy(c => c.Id))
        {
            if (command.State == CommandState.Dropped || !command.IsOutstanding)
            {
                continue;
            }

            waits.Add(command switch
            {
                ScheduleActivityCommand activity => $"activity '{activity.Name}' (schedule id {activity.Id}, attempt {activity.Attempt})",
                ScheduleTimerCommand timer => $"timer (schedule id {timer.Id}) due {timer.FireAt:O}",
                ScheduleSubWorkflowCommand sub => $"sub-workflow '{sub.Name}' (instance '{sub.InstanceId}')",
                _ => command.Describe(),
            });
        }

        return waits;
    }

    /// <summary>The sub-workflows scheduled and not completed, so a diagnostic can follow them down.</summary>
    internal IReadOnlyList<(string Name, string InstanceId, string ExecutionId)> OutstandingSubWorkflows()
        => _commands.Values
            .OfType<ScheduleSubWorkflowCommand>()
            .Where(c => c.State != CommandState.Dropped && c.IsOutstanding)
            .OrderBy(c => c.Id)
            .Select(c => (c.Name, c.InstanceId, c.ExecutionId))
            .ToList();
}
