using Workflows;

namespace Cancellation;

public static class HoldWorkflows
{
    [Workflow]
    public static async Task<string> HoldOrder(WorkflowContext ctx, string orderId)
    {
        await ctx.Activities.ReserveStockAsync(orderId);
        try
        {
            await ctx.DelayAsync(TimeSpan.FromDays(7));
            return "hold expired";
        }
        catch (OperationCanceledException)
        {
            // ctx is cancelled: new work on it fails at once. The disconnected context is not, so clean-up runs.
            await ctx.Disconnected().Activities.ReleaseStockAsync(orderId);
            throw;   // rethrowing ends the workflow as Canceled
        }
    }
}

public sealed class StockActivities
{
    /// <summary>Lets the program know when the workflow holds stock (only for this demo).</summary>
    public TaskCompletionSource Reserved { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Released { get; private set; }

    [Activity]
    public void ReserveStock(string orderId)
    {
        Console.WriteLine($"  Reserved stock for {orderId}");
        Reserved.TrySetResult();
    }

    [Activity]
    public void ReleaseStock(string orderId)
    {
        Console.WriteLine($"  Clean-up: released stock for {orderId}");
        Released = true;
    }
}
