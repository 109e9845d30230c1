using System.Globalization;

namespace HostingSample;

/// <summary>
/// A scoped service standing in for a database context: the container creates one per activity execution and
/// disposes it when the execution ends.
/// </summary>
public sealed partial class OrderStore(ILogger<OrderStore> logger) : IAsyncDisposable
{
    private readonly Guid _id = Guid.NewGuid();

    /// <summary>Adds a 10% handling fee.</summary>
    public Task<decimal> PriceAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(decimal.Round(order.Amount * 1.10m, 2));
    }

    /// <summary>Charges the customer; returns the payment reference.</summary>
    public Task<string> ChargeAsync(string customer, decimal total, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Charged(logger, customer, total);
        return Task.FromResult($"PAY-{customer.Length:D2}-{total.ToString("0.00", CultureInfo.InvariantCulture)}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Disposed(logger, _id);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(1, LogLevel.Information, "Charged {Customer} {Total}")]
    private static partial void Charged(ILogger logger, string customer, decimal total);

    [LoggerMessage(2, LogLevel.Debug, "Order store {Store} disposed")]
    private static partial void Disposed(ILogger logger, Guid store);
}
