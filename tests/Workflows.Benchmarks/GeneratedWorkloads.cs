namespace Workflows.Benchmarks;

/// <summary>W1 and W2 declared as users declare workflows (<c>--generated</c>): the same shapes as <see cref="Workloads.Registry"/>.</summary>
internal static class GeneratedWorkloads
{
    [Workflow("Chain")]
    public static async Task<int> Chain(WorkflowContext ctx, int steps)
    {
        int value = 0;
        for (int i = 0; i < steps; i++)
        {
            value = await ctx.Activities.StepAsync(value);
        }

        return value;
    }

    [Workflow("FanOut")]
    public static async Task<int> FanOut(WorkflowContext ctx, int width)
    {
        var tasks = new Task<int>[width];
        for (int i = 0; i < width; i++)
        {
            tasks[i] = ctx.Activities.StepAsync(i);
        }

        return (await Task.WhenAll(tasks)).Sum();
    }

    [Activity("Step")]
    public static int Step(int x) => x + 1;
}
