using Workflows;

namespace Serialization;

public static class OrderWorkflows
{
    /// <summary>Waits for an approval signal, then charges the card; every value it touches is a payload.</summary>
    [Workflow]
    public static async Task<string> ChargeOrder(WorkflowContext ctx, Order order)
    {
        string approver = await ctx.Signals<string>("approve").ReceiveAsync();
        string receipt = await ctx.Activities.ChargeCardAsync(order);
        return $"{receipt} for {order.Customer}, approved by {approver}";
    }
}

public static class PaymentActivities
{
    [Activity]
    public static string ChargeCard(Order order)
        => $"charged {order.Total} ({order.Priority}) to the card ending {order.CardNumber[^4..]}";
}
