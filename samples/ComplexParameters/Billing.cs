using System.Globalization;
using Workflows;

namespace ComplexParameters;

public enum Priority
{
    Standard,
    Express,
}

public sealed record Customer(string Name, string? Email);

public sealed record Line(string Sku, int Quantity, decimal UnitPrice);

public sealed record Order(string Id, Customer Customer, IReadOnlyList<Line> Lines, Priority Priority, Dictionary<string, string> Tags, int? DiscountPercent);

public sealed record Invoice(string OrderId, List<string> Lines, decimal Total, Priority Priority, string? Email, Dictionary<string, string> Tags);

public static class BillingWorkflows
{
    [Workflow]
    public static async Task<Invoice> Bill(WorkflowContext ctx, Order order)
    {
        decimal[] prices = await ctx.Activities.PriceLinesAsync(order.Lines, order.Priority);
        decimal total = await ctx.Activities.ApplyDiscountAsync(prices.Sum(), order.DiscountPercent);
        var lines = order.Lines.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{l.Quantity} x {l.Sku} = {prices[i]:0.00}")).ToList();
        return new Invoice(order.Id, lines, total, order.Priority, order.Customer.Email, order.Tags);
    }
}

public static class BillingActivities
{
    [Activity]
    public static decimal[] PriceLines(IReadOnlyList<Line> lines, Priority priority)
        => [.. lines.Select(l => (l.Quantity * l.UnitPrice) + (priority == Priority.Express ? 5m : 0m))];

    /// <summary>A nullable argument: no discount when the order has none.</summary>
    [Activity]
    public static decimal ApplyDiscount(decimal amount, int? percent)
        => percent is int p ? amount * (100 - p) / 100 : amount;
}
