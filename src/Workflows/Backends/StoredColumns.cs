using System.Text.Json;
using Workflows.History;

namespace Workflows.Backends;

/// <summary>
/// The JSON forms of an instance's error and metadata columns, shared by the SQL backends. Decoding is tolerant:
/// a state read never fails because one of these columns is unreadable; it shows what is stored instead.
/// </summary>
internal static class StoredColumns
{
    public static string? EncodeError(WorkflowError? error) => error is null ? null : HistorySerializer.SerializeError(error);

    /// <param name="json">The stored column.</param>
    /// <param name="corruptRowType">The backend's corrupt-row exception type, named in the placeholder error.</param>
    public static WorkflowError? DecodeError(string? json, Type corruptRowType)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return HistorySerializer.DeserializeError(json);
        }
        catch (JsonException ex)
        {
            return new WorkflowError(corruptRowType.FullName!, $"Stored error cannot be decoded ({ex.Message}): {json}");
        }
    }

    public static string? EncodeMetadata(WorkflowMetadata? metadata)
        => metadata is null ? null : JsonSerializer.Serialize(new Dictionary<string, string>(metadata.Values, StringComparer.Ordinal), HistoryJsonContext.Default.DictionaryStringString);

    public static WorkflowMetadata? DecodeMetadata(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, HistoryJsonContext.Default.DictionaryStringString) is { } values ? new WorkflowMetadata(values) : null;
        }
        catch (JsonException)
        {
            return new WorkflowMetadata(new Dictionary<string, string>(StringComparer.Ordinal) { ["$corrupt"] = json });
        }
    }
}
