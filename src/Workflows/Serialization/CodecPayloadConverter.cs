using System.Text;

namespace Workflows.Serialization;

/// <summary>
/// A payload converter that runs a chain of <see cref="IPayloadCodec"/>s over what an inner converter produces:
/// encoding applies the codecs in list order (compress, then encrypt), decoding undoes them in reverse. An encoded
/// payload is stored as text, <c>~wfcodec:</c>, the codec names separated by commas, <c>:</c>, then the bytes in
/// base64; the names recorded with each payload — not the current configuration — decide how it is decoded, so
/// changing the chain never misreads old history. A payload without the marker (everything written before codecs
/// were configured) goes to the inner converter unchanged. Configure the same converter on every client and worker.
/// </summary>
public sealed class CodecPayloadConverter : IPayloadConverter
{
    /// <summary>The prefix of every payload a codec encoded; no JSON text starts with it.</summary>
    public const string Marker = "~wfcodec:";

    private readonly IPayloadConverter _inner;
    private readonly IPayloadCodec[] _codecs;
    private readonly Dictionary<string, IPayloadCodec> _byName = new(StringComparer.Ordinal);
    private readonly string _prefix;

    /// <summary>Creates the converter.</summary>
    /// <param name="inner">Turns values into text first (usually <see cref="JsonPayloadConverter.Default"/>).</param>
    /// <param name="codecs">The codecs, applied in this order when encoding.</param>
    /// <param name="decodeOnly">Codecs that still decode old payloads but no longer encode new ones (a retired key).</param>
    /// <exception cref="ArgumentException">No codec is given, a name is invalid, or two codecs share a name.</exception>
    public CodecPayloadConverter(IPayloadConverter inner, IReadOnlyList<IPayloadCodec> codecs, IReadOnlyList<IPayloadCodec>? decodeOnly = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(codecs);
        if (codecs.Count == 0)
        {
            throw new ArgumentException("At least one codec is needed.", nameof(codecs));
        }

        _inner = inner;
        _codecs = [.. codecs];
        foreach (var codec in codecs.Concat(decodeOnly ?? []))
        {
            string name = codec.Name;
            if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                throw new ArgumentException($"Codec name '{name}' of {codec.GetType()} is invalid: use letters, digits, '.', '-' and '_'.", nameof(codecs));
            }

            if (!_byName.TryAdd(name, codec))
            {
                throw new ArgumentException($"Two codecs are named '{name}'.", nameof(codecs));
            }
        }

        _prefix = Marker + string.Join(',', _codecs.Select(c => c.Name)) + ":";
    }

    /// <inheritdoc />
    public string? Serialize(object? value, Type type)
    {
        string? text = _inner.Serialize(value, type);
        if (text is null)
        {
            return null;
        }

        byte[] data = Encoding.UTF8.GetBytes(text);
        foreach (var codec in _codecs)
        {
            try
            {
                data = codec.Encode(data);
            }
            catch (Exception ex)
            {
                throw new PayloadException($"Codec '{codec.Name}' could not encode a payload of {type}: {ex.Message}", new PayloadCodecException(codec.Name, ex.Message, ex));
            }
        }

        return _prefix + Convert.ToBase64String(data);
    }

    /// <inheritdoc />
    public object? Deserialize(string? payload, Type type)
    {
        if (payload is null || !payload.StartsWith(Marker, StringComparison.Ordinal))
        {
            return _inner.Deserialize(payload, type);
        }

        var (names, data) = Split(payload);
        return _inner.Deserialize(Encoding.UTF8.GetString(DecodeBytes(names, data)), type);
    }

    private static (string[] Names, byte[] Data) Split(string payload)
    {
        int end = payload.IndexOf(':', Marker.Length);
        if (end < 0)
        {
            throw new PayloadException($"A codec-encoded payload has no end to its codec list: '{Shorten(payload)}'.");
        }

        string[] names = payload[Marker.Length..end].Split(',');
        byte[] data;
        try
        {
            data = Convert.FromBase64String(payload[(end + 1)..]);
        }
        catch (FormatException ex)
        {
            throw new PayloadException($"A payload encoded by codecs '{string.Join(',', names)}' is not valid base64.", ex);
        }

        return (names, data);
    }

    private byte[] DecodeBytes(string[] names, byte[] data)
    {
        for (int i = names.Length - 1; i >= 0; i--)
        {
            if (!_byName.TryGetValue(names[i], out var codec))
            {
                string message = $"The payload was encoded with codec '{names[i]}', which this converter does not have (it has '{string.Join("', '", _byName.Keys)}'); add it, or keep it among the decode-only codecs, to read payloads it wrote.";
                throw new PayloadException(message, new PayloadCodecException(names[i], message));
            }

            try
            {
                data = codec.Decode(data);
            }
            catch (Exception ex)
            {
                string message = $"Codec '{codec.Name}' could not decode a payload ({ex.GetType().Name}: {ex.Message}); a wrong key or corrupt data.";
                throw new PayloadException(message, new PayloadCodecException(codec.Name, message, ex));
            }
        }

        return data;
    }

    /// <summary>
    /// Whether two payloads hold the same text before their codecs ran. Encryption draws a fresh nonce per payload,
    /// so replay, which compares the arguments a history records with those the code produces again, compares
    /// these rather than the stored text.
    /// </summary>
    internal static bool SameContent(IPayloadConverter converter, string? recorded, string? produced)
        => converter is CodecPayloadConverter codecs
            && recorded is not null && produced is not null
            && (recorded.StartsWith(Marker, StringComparison.Ordinal) || produced.StartsWith(Marker, StringComparison.Ordinal))
            && string.Equals(codecs.Unwrap(recorded), codecs.Unwrap(produced), StringComparison.Ordinal);

    // The inner converter's text of a payload.
    private string Unwrap(string payload)
    {
        if (!payload.StartsWith(Marker, StringComparison.Ordinal))
        {
            return payload;
        }

        var (names, data) = Split(payload);
        return Encoding.UTF8.GetString(DecodeBytes(names, data));
    }

    private static string Shorten(string payload) => payload.Length <= 64 ? payload : payload[..64] + "...";
}
