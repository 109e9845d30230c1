using System.Globalization;

namespace Serialization;

/// <summary>An amount and its currency, stored as one string ("12.50 EUR") by <see cref="MoneyJsonConverter"/>.</summary>
public readonly record struct Money(decimal Amount, string Currency)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00} {Currency}");
}
