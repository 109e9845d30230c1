using Workflows;

namespace Aot;

public enum Speed
{
    Standard,
    Express,
}

public sealed record Parcel(string Sku, int Quantity, decimal WeightKg);

public sealed record ShipmentRequest(string OrderId, IReadOnlyList<Parcel> Parcels, Speed Speed, string? Note = null);

public sealed record Quote(string Carrier, decimal Price, TimeSpan Transit);

public sealed record Receipt(string OrderId, string Carrier, decimal Total, DateTimeOffset ShippedAt, Dictionary<string, int> Items);

public static class ShippingWorkflows
{
    [Workflow]
    public static async Task<Receipt> Ship(WorkflowContext ctx, ShipmentRequest request)
    {
        var quotes = new List<Quote>();
        foreach (string carrier in new[] { "Northwind", "Contoso" })
        {
            quotes.Add(await ctx.Activities.QuoteAsync(carrier, request.Parcels, request.Speed));
        }

        var best = quotes.OrderBy(q => q.Price).ThenBy(q => q.Carrier, StringComparer.Ordinal).First();
        DateTimeOffset shippedAt = await ctx.Activities.BookAsync(request.OrderId, best);
        var items = request.Parcels.GroupBy(p => p.Sku).ToDictionary(g => g.Key, g => g.Sum(p => p.Quantity));
        return new Receipt(request.OrderId, best.Carrier, best.Price, shippedAt, items);
    }
}

public static class ShippingActivities
{
    [Activity]
    public static Quote Quote(string carrier, IReadOnlyList<Parcel> parcels, Speed speed)
    {
        decimal weight = parcels.Sum(p => p.WeightKg * p.Quantity);
        decimal perKg = carrier == "Northwind" ? 2.5m : 2.25m;
        decimal price = (weight * perKg) + (speed == Speed.Express ? 10m : 0m) + (carrier == "Contoso" ? 3m : 0m);
        return new Quote(carrier, price, TimeSpan.FromDays(speed == Speed.Express ? 1 : 3));
    }

    [Activity]
    public static Task<DateTimeOffset> Book(string orderId, Quote quote, CancellationToken cancellationToken)
        => Task.FromResult(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
}
