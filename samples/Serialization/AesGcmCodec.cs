using System.Security.Cryptography;
using Workflows.Serialization;

namespace Serialization;

/// <summary>
/// Encrypts payloads with AES-GCM: a fresh random nonce per payload, stored as nonce, tag, ciphertext. The key id is
/// part of the codec's name, and the name is stored with every payload, so a new key can be introduced while payloads
/// written under the old one stay readable (pass the old codec as <c>decodeOnly</c>). Key management is yours.
/// </summary>
public sealed class AesGcmCodec(string keyId, byte[] key) : IPayloadCodec
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
