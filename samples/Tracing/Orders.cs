using Workflows;

namespace TracingSample;

/// <summary>An order as the API receives it.</summary>
public sealed record OrderRequest(string Item, int Quantity);

/// <summary>The order workflow: two activities and a custom span around the packing step.</summary>
public static class OrderWorkflows
{
    [Workflow]
    public static async Task<string> ProcessOrder(WorkflowContext ctx, OrderRequest order)
    {
        string reservation = await ctx.Activities.ReserveAsync(order.Item, order.Quantity);
        string receipt = await ctx.Activities.ChargeAsync(order.Quantity * 4);

        // A span of the workflow's own: recorded once, never again while the history replays.
        using (var span = ctx.StartSpan("Pack order"))
        {
            span?.SetTag("order.item", order.Item);
        }

        return $"{reservation}; {receipt}";
    }
}

/// <summary>The activities; in a real service they would call the inventory and payment systems.</summary>
public static class OrderActivities
{
    [Activity]
    public static Task<string> Reserve(string item, int quantity) => Task.FromResult($"reserved {quantity} x {item}");

    [Activity]
    public static Task<string> Charge(int amount) => Task.FromResult($"charged {amount}");
}
