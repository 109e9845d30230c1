using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serialization;

/// <summary>A custom type converter: <see cref="Money"/> as "12.50 EUR" rather than an object with two fields.</summary>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text = reader.GetString() ?? throw new JsonException("A Money value cannot be null.");
        string[] parts = text.Split(' ');
        if (parts.Length != 2 || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal amount))
        {
            throw new JsonException($"'{text}' is not a Money value such as \"12.50 EUR\".");
        }

        return new Money(amount, parts[1]);
    }

    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}
