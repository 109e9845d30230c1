namespace Workflows.Serialization;

/// <summary>
/// A byte-level transformation of encoded payloads (compression, encryption), applied after the
/// <see cref="IPayloadConverter"/> by a <see cref="CodecPayloadConverter"/>. Its <see cref="Name"/> is stored with
/// every payload it encoded, so a payload is always decoded by the codecs that wrote it.
/// </summary>
public interface IPayloadCodec
{
    /// <summary>
    /// The name stored with each payload this codec encoded: stable for as long as such payloads exist, and changed
    /// whenever the format changes (include a key id for encryption, so a new key keeps old payloads readable).
    /// Letters, digits, '.', '-' and '_' only.
    /// </summary>
    string Name { get; }

    /// <summary>Transforms bytes for storage.</summary>
    /// <param name="data">The bytes to encode.</param>
    byte[] Encode(byte[] data);

    /// <summary>Reverses <see cref="Encode"/>; throws when the bytes were not produced by it (a wrong key, corruption).</summary>
    /// <param name="data">The stored bytes.</param>
    byte[] Decode(byte[] data);
}
