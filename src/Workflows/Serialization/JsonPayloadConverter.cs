using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.Serialization;

/// <summary>
/// The default converter: System.Text.Json, UTF-8 JSON text. Type metadata comes from the resolver in
/// <see cref="Options"/>; reflection is used only when no resolver is given and reflection is enabled.
/// </summary>
public sealed class JsonPayloadConverter : IPayloadConverter
{
    /// <summary>A shared instance with web defaults (camelCase).</summary>
    public static JsonPayloadConverter Default { get; } = new();

    /// <summary>Creates a converter with web defaults and the reflection resolver where reflection is enabled.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reflection is only used when the runtime allows it; generated metadata comes first.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reflection is only used when the runtime allows it; generated metadata comes first.")]
    public JsonPayloadConverter()
        : this(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = JsonSerializer.IsReflectionEnabledByDefault ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine(),
        })
    {
    }

    /// <summary>Creates a converter with the given options (its resolver decides what can be encoded).</summary>
    public JsonPayloadConverter(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.MakeReadOnly();
        Options = options;
    }

    /// <summary>The serializer options in use.</summary>
    public JsonSerializerOptions Options { get; }

    /// <inheritdoc />
    public string? Serialize(object? value, Type type)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Serialize(value, Options.GetTypeInfo(type));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new PayloadException($"A value of type '{type}' could not be encoded: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public object? Deserialize(string? payload, Type type)
    {
        if (payload is null)
        {
            if (type.IsValueType && Nullable.GetUnderlyingType(type) is null)
            {
                throw new PayloadException($"A null payload cannot be decoded as '{type}'.");
            }

            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(payload, Options.GetTypeInfo(type));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new PayloadException($"A payload could not be decoded as '{type}': {ex.Message}", ex);
        }
    }
}
