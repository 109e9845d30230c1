using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workflows.History;

/// <summary>
/// Lossless JSON form of history events, used by backends to store events and by the client to export histories.
/// Source-generated metadata: no reflection on this path.
/// </summary>
public static class HistorySerializer
{
    /// <summary>Encodes one event.</summary>
    public static string Serialize(HistoryEvent e) => JsonSerializer.Serialize(e, HistoryJsonContext.Default.HistoryEvent);

    /// <summary>Decodes one event.</summary>
    /// <exception cref="JsonException">The text is not an encoded event.</exception>
    public static HistoryEvent Deserialize(string json)
        => JsonSerializer.Deserialize(json, HistoryJsonContext.Default.HistoryEvent) ?? throw new JsonException("History event JSON was null.");

    /// <summary>Encodes only the attributes of an event (backends store them in their own column).</summary>
    public static string SerializeAttributes(EventAttributes attributes) => AttributesJson.Serialize(attributes);

    /// <summary>Decodes attributes written by <see cref="SerializeAttributes"/>.</summary>
    public static EventAttributes DeserializeAttributes(string json)
        => AttributesJson.Deserialize(json) ?? throw new JsonException("Event attributes JSON was null.");

    /// <summary>Encodes a whole history (as exported by the client, read by the replayer).</summary>
    public static string SerializeHistory(IReadOnlyList<HistoryEvent> events)
        => JsonSerializer.Serialize(events, HistoryJsonContext.Default.IReadOnlyListHistoryEvent);

    /// <summary>Decodes a whole history.</summary>
    public static IReadOnlyList<HistoryEvent> DeserializeHistory(string json)
        => JsonSerializer.Deserialize(json, HistoryJsonContext.Default.IReadOnlyListHistoryEvent) ?? [];

    /// <summary>Encodes an error.</summary>
    public static string SerializeError(WorkflowError error) => JsonSerializer.Serialize(error, HistoryJsonContext.Default.WorkflowError);

    /// <summary>Decodes an error.</summary>
    public static WorkflowError DeserializeError(string json)
        => JsonSerializer.Deserialize(json, HistoryJsonContext.Default.WorkflowError) ?? throw new JsonException("Error JSON was null.");
}

[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(IReadOnlyList<HistoryEvent>))]
[JsonSerializable(typeof(EventAttributes))]
[JsonSerializable(typeof(WorkflowError))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
