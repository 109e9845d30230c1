using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Workflows.History;

/// <summary>
/// Writes an event's attributes as <see cref="HistorySerializer.SerializeAttributes"/> always has (the discriminator
/// first, then the kind's own properties), and reads them, without System.Text.Json's polymorphic path. That path keeps a stack of
/// frames for the derived kind, allocated afresh on every call, about 800 bytes for an attributes string of 50-300;
/// every step writes three. Here the kind is written with its own source-generated metadata (whose fast path keeps no
/// stack), into a buffer reused per thread, behind its discriminator. A test holds the output to the polymorphic
/// path's, byte for byte, for every kind.
/// </summary>
internal static class AttributesJson
{
    private const int MaxKeptBufferBytes = 64 * 1024;

    private static readonly Dictionary<Type, Kind> s_kinds = Kinds();

    private static readonly byte[] s_discriminator = Encoding.UTF8.GetBytes(HistoryJsonContext.Default.EventAttributes.PolymorphismOptions!.TypeDiscriminatorPropertyName);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string Serialize(EventAttributes attributes)
    {
        if (attributes is null || !s_kinds.TryGetValue(attributes.GetType(), out var kind))
        {
            // Not a kind of this library's: the polymorphic path says why it cannot be written.
            return JsonSerializer.Serialize(attributes, HistoryJsonContext.Default.EventAttributes);
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = HistoryJsonContext.Default.Options.Encoder });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, attributes, kind.Info);
        writer.Flush();

        // The kind's own object, "{...}", behind "{"$type":"Kind"": its properties after a comma, or just "}".
        var body = buffer.WrittenSpan;
        bool empty = body.Length == 2;
        int length = kind.Opening.Length + (empty ? 1 : body.Length);
        byte[]? rented = null;
        Span<byte> json = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        kind.Opening.CopyTo(json);
        if (empty)
        {
            json[kind.Opening.Length] = (byte)'}';
        }
        else
        {
            json[kind.Opening.Length] = (byte)',';
            body[1..].CopyTo(json[(kind.Opening.Length + 1)..]);
        }

        string text = Encoding.UTF8.GetString(json[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (buffer.Capacity > MaxKeptBufferBytes)
        {
            // One large payload: do not keep its buffer for the thread's life.
            t_buffer = null;
            t_writer = null;
        }

        return text;
    }

    /// <summary>
    /// Reads attributes written by <see cref="Serialize"/>: with the kind's own metadata when the discriminator comes
    /// first, as it always does when written here (the polymorphic path keeps a stack of frames here too); through the
    /// polymorphic path otherwise, which also reports what is wrong with text that does not read.
    /// </summary>
    public static EventAttributes? Deserialize(string json)
    {
        int most = Encoding.UTF8.GetMaxByteCount(json.Length);
        byte[]? rented = null;
        Span<byte> buffer = most <= 1024 ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var utf8 = buffer[..Encoding.UTF8.GetBytes(json, buffer)];
            return KindOf(utf8) is { } kind
                ? (EventAttributes?)JsonSerializer.Deserialize(utf8, kind.Info)
                : JsonSerializer.Deserialize(utf8, HistoryJsonContext.Default.EventAttributes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // The kind named by a discriminator that is the object's first property; null for anything else, text that is not
    // JSON included (the polymorphic path then says where it goes wrong).
    private static Kind? KindOf(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(s_discriminator)
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        foreach (var kind in s_kinds.Values)
        {
            if (reader.ValueTextEquals(kind.Name))
            {
                return kind;
            }
        }

        return null;
    }

    private static Dictionary<Type, Kind> Kinds()
    {
        var context = HistoryJsonContext.Default;
        var polymorphism = context.EventAttributes.PolymorphismOptions
            ?? throw new InvalidOperationException("EventAttributes has no polymorphism options.");
        var kinds = new Dictionary<Type, Kind>();
        foreach (var derived in polymorphism.DerivedTypes)
        {
            var info = context.GetTypeInfo(derived.DerivedType) ?? throw new InvalidOperationException($"No metadata for {derived.DerivedType}.");
            var opening = new ArrayBufferWriter<byte>(64);
            using (var writer = new Utf8JsonWriter(opening, new JsonWriterOptions { Encoder = context.Options.Encoder }))
            {
                writer.WriteStartObject();
                writer.WriteString(polymorphism.TypeDiscriminatorPropertyName, (string)derived.TypeDiscriminator!);
                writer.Flush();
            }

            kinds[derived.DerivedType] = new Kind(opening.WrittenSpan.ToArray(), Encoding.UTF8.GetBytes((string)derived.TypeDiscriminator!), info);
        }

        return kinds;
    }

    private sealed record Kind(byte[] Opening, byte[] Name, JsonTypeInfo Info);
}
