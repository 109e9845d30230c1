using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Sqlite;

/// <summary>Turns events, errors and metadata into column values and back.</summary>
internal static class EventRows
{
    public static (string, object?)[] EventParameters(WorkflowInstance instance, HistoryEvent e) =>
    [
        ("$instanceId", instance.InstanceId),
        ("$executionId", instance.ExecutionId),
        ("$sequenceId", e.SequenceId),
        ("$eventId", e.Id),
        ("$eventType", (int)e.Type),
        ("$scheduleEventId", e.ScheduleEventId),
        ("$timestamp", SqliteTime.ToTicks(e.Timestamp)),
        ("$visibleAt", SqliteTime.ToTicks(e.VisibleAt)),
        ("$attributes", HistorySerializer.SerializeAttributes(e.Attributes)),
    ];

    /// <summary>
    /// Reads an event from the columns event_id, sequence_id, timestamp, schedule_event_id, attributes, visible_at.
    /// A row that does not decode becomes a <see cref="CorruptRowException"/> naming the row.
    /// </summary>
    public static HistoryEvent ReadEvent(SqliteDataReader reader, string table, WorkflowInstance instance)
    {
        string id = reader.GetString(0);
        long sequenceId = reader.GetInt64(1);
        try
        {
            return new HistoryEvent(
                id,
                sequenceId,
                SqliteTime.FromTicks(reader.GetInt64(2)),
                reader.GetInt64(3),
                HistorySerializer.DeserializeAttributes(reader.GetString(4)),
                SqliteTime.FromTicks(reader.GetNullableInt64(5)));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new CorruptRowException(table, instance, sequenceId > 0 ? $"sequence id {sequenceId}" : $"event id {id}", ex);
        }
    }

    public static string? EncodeError(WorkflowError? error) => StoredColumns.EncodeError(error);

    public static WorkflowError? DecodeError(string? json) => StoredColumns.DecodeError(json, typeof(CorruptRowException));

    public static string? EncodeMetadata(WorkflowMetadata? metadata) => StoredColumns.EncodeMetadata(metadata);

    public static WorkflowMetadata? DecodeMetadata(string? json) => StoredColumns.DecodeMetadata(json);

    /// <summary>Reads a state from <see cref="Sql.SelectInstanceState"/>'s columns.</summary>
    public static WorkflowInstanceState ReadState(SqliteDataReader reader)
    {
        var instance = new WorkflowInstance(reader.GetString(0), reader.GetString(1));
        string? parentId = reader.GetNullableString(9);
        return new WorkflowInstanceState
        {
            Instance = instance,
            WorkflowName = reader.GetString(2),
            Queue = reader.GetString(3),
            Status = (WorkflowStatus)reader.GetInt32(4),
            CreatedAt = SqliteTime.FromTicks(reader.GetInt64(5)),
            CompletedAt = SqliteTime.FromTicks(reader.GetNullableInt64(6)),
            Result = reader.GetNullableString(7),
            Error = DecodeError(reader.GetNullableString(8)),
            Parent = parentId is null ? null : new ParentReference(parentId, reader.GetString(10), reader.GetInt64(11)),
            LastTaskError = DecodeError(reader.GetNullableString(12)),
            Metadata = DecodeMetadata(reader.GetNullableString(13)),
        };
    }
}

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
