namespace Workflows.Serialization;

/// <summary>An encoded payload is larger than <see cref="Backends.BackendOptions.MaxPayloadSize"/>; nothing was stored.</summary>
public sealed class PayloadTooLargeException(string what, int size, int limit)
    : WorkflowsException($"The encoded {what} is {size:N0} characters; the limit is {limit:N0} (BackendOptions.MaxPayloadSize). Store large data elsewhere and pass a reference.")
{
    /// <summary>The encoded size in UTF-16 characters.</summary>
    public int Size { get; } = size;

    /// <summary>The limit.</summary>
    public int Limit { get; } = limit;
}

/// <summary>Encodes payloads and enforces the size limit at the call that produced them.</summary>
internal static class PayloadLimits
{
    public static string? Encode(IPayloadConverter converter, object? value, Type type, int limit, string what)
    {
        var payload = value is null ? null : converter.Serialize(value, type);
        Check(payload, limit, what);
        return payload;
    }

    public static void Check(string? payload, int limit, string what)
    {
        if (payload is not null && payload.Length > limit)
        {
            throw new PayloadTooLargeException(what, payload.Length, limit);
        }
    }

    public static string?[] EncodeArguments(IPayloadConverter converter, object?[] args, int limit, string target)
    {
        var inputs = new string?[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            inputs[i] = args[i] is { } value ? Encode(converter, value, value.GetType(), limit, $"argument {i} of {target}") : null;
        }

        return inputs;
    }
}
