using Workflows;

namespace Shop.Orders;

public static class OrderWorkflows
{
    [Workflow]
    public static async Task<string> Checkout(WorkflowContext ctx, string item, int quantity)
    {
        int price = await ctx.Activities.PriceAsync(item, quantity);
        string receipt = await ctx.Activities.ChargeAsync(price);
        return $"{item} x{quantity}: {receipt}";
    }

    // Deliberately wrong: sleeps outside the runtime and reads the system clock; the analyzers flag both.
    [Workflow]
    public static async Task<DateTime> Sleepy(WorkflowContext ctx)
    {
        await Task.Delay(TimeSpan.FromDays(1));
        return DateTime.UtcNow;
    }
}

public static class Catalog
{
    [Activity]
    public static int Price(string item, int quantity) => item.Length * quantity;
}

public sealed class PaymentActivities
{
    public string Gateway { get; init; } = "none";

    [Activity]
    public Task<string> Charge(int amount) => Task.FromResult($"charged {amount} via {Gateway}");
}
