using Microsoft.Extensions.Logging;
using Workflows;

namespace Simple;

/// <summary>The seed's workflow.</summary>
public static class SimpleWorkflows
{
    [Workflow]
    public static async Task<int> Workflow1(WorkflowContext ctx, string message)
    {
        ctx.Logger.LogInformation("Entering Workflow1 with {Message}", message);

        int r1 = await ctx.Activities.Activity1Async(35, 12);
        ctx.Logger.LogInformation("Activity1 returned {Result}", r1);
        if (!ctx.IsReplaying)
        {
            Console.WriteLine($"Activity1(35, 12) returned {r1}");
        }

        int r2 = await ctx.Activities.Activity2Async();
        if (!ctx.IsReplaying)
        {
            Console.WriteLine($"Activity2() returned {r2}");
        }

        return r1 + r2;
    }
}

/// <summary>Activities with state shared across calls (one instance is registered).</summary>
public sealed class SimpleActivities
{
    public int SharedState { get; set; }

    [Activity]
    public Task<int> Activity1(int a, int b) => Task.FromResult(a + b);

    [Activity]
    public Task<int> Activity2() => Task.FromResult(SharedState);
}
