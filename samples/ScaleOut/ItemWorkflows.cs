using Workflows;

namespace ScaleOut;

public static class ItemWorkflows
{
    [Workflow]
    public static async Task<string> ProcessItem(WorkflowContext ctx, int item)
        => await ctx.Activities.HandleAsync(item);
}

/// <summary>Bound per worker process, so each result says which worker ran it.</summary>
public sealed class ItemActivities(string workerName)
{
    [Activity]
    public async Task<string> Handle(int item, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);   // some real work
        return $"item {item} handled by {workerName}";
    }
}
