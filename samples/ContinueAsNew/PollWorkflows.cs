using Workflows;

namespace ContinueAsNew;

public sealed record PollState(int Round, int Total);

public static class PollWorkflows
{
    /// <summary>Each round asks a sub-workflow for a batch, then continues as a new execution with the new state.</summary>
    [Workflow]
    public static async Task<PollState> Poll(WorkflowContext ctx, PollState state)
    {
        int batch = await ctx.Workflows.CountDownAsync(3, 0, new SubWorkflowOptions { InstanceId = $"{ctx.InstanceId}-round-{state.Round}" });
        var next = state with { Total = state.Total + batch };
        if (!ctx.IsReplaying)
        {
            Console.WriteLine($"  Round {state.Round} (execution {ctx.ExecutionId[..8]}): sub-workflow counted {batch}");
        }

        if (state.Round < 3)
        {
            // The ending execution reports `next` as its result; the new one starts with it as input.
            throw ctx.ContinueAsNew(next with { Round = state.Round + 1 }).WithResult(next);
        }

        return next;
    }

    /// <summary>A sub-workflow that continues as new until it has counted down; its parent sees the last result.</summary>
    [Workflow]
    public static async Task<int> CountDown(WorkflowContext ctx, int remaining, int counted)
    {
        int step = await ctx.Activities.StepAsync(remaining);
        if (remaining > 1)
        {
            throw ctx.ContinueAsNew(remaining - 1, counted + step);
        }

        return counted + step;
    }
}

public static class PollActivities
{
    [Activity]
    public static int Step(int remaining) => remaining * 10;
}
