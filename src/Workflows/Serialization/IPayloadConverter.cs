namespace Workflows.Serialization;

/// <summary>
/// Turns workflow inputs, results, activity arguments and signal values into durable payloads and back.
/// Replace it to encrypt or compress payloads; every worker and client of one backend must agree on it.
/// </summary>
public interface IPayloadConverter
{
    /// <summary>Encodes a value of the given type; null encodes as null.</summary>
    string? Serialize(object? value, Type type);

    /// <summary>Decodes a payload into the given type.</summary>
    /// <exception cref="PayloadException">The payload does not decode into <paramref name="type"/>.</exception>
    object? Deserialize(string? payload, Type type);
}

/// <summary>A payload could not be encoded or decoded.</summary>
public sealed class PayloadException(string message, Exception? inner = null) : WorkflowsException(message, inner);
