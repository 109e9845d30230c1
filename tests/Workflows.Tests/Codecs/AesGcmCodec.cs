using System.Security.Cryptography;
using Workflows.Serialization;

namespace Workflows.Tests.Codecs;

/// <summary>
/// A sample encryption codec (the one docs/observability.md shows): AES-GCM with a random nonce per payload, stored
/// as nonce, tag, ciphertext. The key id is part of the name, so payloads written under an old key name it.
/// </summary>
internal sealed class AesGcmCodec(string keyId, byte[] key) : IPayloadCodec
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string Name => "aes-gcm." + keyId;

    public byte[] Encode(byte[] data)
    {
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    public byte[] Decode(byte[] data)
    {
        if (data.Length < NonceSize + TagSize)
        {
            throw new CryptographicException($"An AES-GCM payload needs at least {NonceSize + TagSize} bytes; it has {data.Length}.");
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize + TagSize), data.AsSpan(NonceSize, TagSize), plain);
        return plain;
    }
}
