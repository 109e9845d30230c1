using Workflows;

namespace HostingSample;

/// <summary>What <c>POST /orders</c> takes.</summary>
public sealed record OrderRequest(string Customer, decimal Amount);

/// <summary>What an order workflow returns.</summary>
public sealed record OrderReceipt(string Customer, decimal Total, string Reference);

/// <summary>The order workflow: price the order, then charge for it.</summary>
public static class OrderWorkflows
{
    [Workflow]
    public static async Task<OrderReceipt> ProcessOrder(WorkflowContext ctx, OrderRequest order)
    {
        decimal total = await ctx.Activities.PriceOrderAsync(order);
        string reference = await ctx.Activities.ChargeAsync(order.Customer, total);
        return new OrderReceipt(order.Customer, total, reference);
    }
}

/// <summary>
/// Activities built by the container once per execution, with a scoped <see cref="OrderStore"/> (what would be a
/// database context in a real application).
/// </summary>
public sealed class OrderActivities(OrderStore store)
{
    [Activity]
    public Task<decimal> PriceOrder(OrderRequest order, CancellationToken cancellationToken)
        => store.PriceAsync(order, cancellationToken);

    [Activity]
    public Task<string> Charge(string customer, decimal total, CancellationToken cancellationToken)
        => store.ChargeAsync(customer, total, cancellationToken);
}
