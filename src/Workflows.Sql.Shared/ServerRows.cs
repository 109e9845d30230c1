using System.Data.Common;
using System.Text.Json;
using Workflows.History;

namespace Workflows.Backends.SqlCore;

/// <summary>
/// Turns events, errors and metadata into column values and back, for the server backends (MySQL, PostgreSQL), whose
/// tables have the same columns: event times as UTC ticks, lease and state times on the server clock.
/// </summary>
internal static class ServerRows
{
    public static (string, object?)[] EventParameters(WorkflowInstance instance, HistoryEvent e) =>
    [
        ("@instanceId", instance.InstanceId),
        ("@executionId", instance.ExecutionId),
        ("@sequenceId", e.SequenceId),
        ("@eventId", e.Id),
        ("@eventType", (int)e.Type),
        ("@scheduleEventId", e.ScheduleEventId),
        ("@timestamp", e.Timestamp.UtcTicks),
        ("@visibleAt", ServerTime.ToTicks(e.VisibleAt)),
        ("@readyAt", ServerTime.RoundUp(e.VisibleAt)),
        ("@attributes", HistorySerializer.SerializeAttributes(e.Attributes)),
    ];

    /// <summary>The parameters of a multi-row history insert (row i binds <c>@sequenceId{i}</c> and so on) for <paramref name="events"/>.</summary>
    public static (string, object?)[] HistoryRowsParameters(WorkflowInstance instance, IReadOnlyList<HistoryEvent> events)
    {
        var parameters = new (string, object?)[2 + (events.Count * 7)];
        parameters[0] = ("@instanceId", instance.InstanceId);
        parameters[1] = ("@executionId", instance.ExecutionId);
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            string n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            int at = 2 + (i * 7);
            parameters[at] = ("@sequenceId" + n, e.SequenceId);
            parameters[at + 1] = ("@eventId" + n, e.Id);
            parameters[at + 2] = ("@eventType" + n, (int)e.Type);
            parameters[at + 3] = ("@scheduleEventId" + n, e.ScheduleEventId);
            parameters[at + 4] = ("@timestamp" + n, e.Timestamp.UtcTicks);
            parameters[at + 5] = ("@visibleAt" + n, ServerTime.ToTicks(e.VisibleAt));
            parameters[at + 6] = ("@attributes" + n, HistorySerializer.SerializeAttributes(e.Attributes));
        }

        return parameters;
    }

    /// <summary>
    /// Reads an event from the columns event_id, sequence_id, timestamp_ticks, schedule_event_id, attributes,
    /// visible_at_ticks. A row that does not decode becomes a <see cref="CorruptRowException"/> naming the row.
    /// </summary>
    public static HistoryEvent ReadEvent(DbDataReader reader, string table, WorkflowInstance instance)
    {
        string id = reader.GetString(0);
        long sequenceId = reader.GetInt64(1);
        try
        {
            return new HistoryEvent(
                id,
                sequenceId,
                new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
                reader.GetInt64(3),
                HistorySerializer.DeserializeAttributes(reader.GetString(4)),
                ServerTime.FromTicks(reader.IsDBNull(5) ? null : reader.GetInt64(5)));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            throw new CorruptRowException(table, instance, sequenceId > 0 ? $"sequence id {sequenceId}" : $"event id {id}", ex);
        }
    }

    public static string? EncodeError(WorkflowError? error) => StoredColumns.EncodeError(error);

    public static WorkflowError? DecodeError(string? json) => StoredColumns.DecodeError(json, typeof(CorruptRowException));

    public static string? EncodeMetadata(WorkflowMetadata? metadata) => StoredColumns.EncodeMetadata(metadata);

    public static WorkflowMetadata? DecodeMetadata(string? json) => StoredColumns.DecodeMetadata(json);

    /// <summary>
    /// Reads a state from the columns instance_id, execution_id, workflow_name, queue, status, created_at,
    /// completed_at, result, error, parent_instance_id, parent_execution_id, parent_schedule_event_id,
    /// last_task_error, metadata (the backends' <c>SelectInstanceState</c>).
    /// </summary>
    public static WorkflowInstanceState ReadState(DbDataReader reader)
    {
        var instance = new WorkflowInstance(reader.GetString(0), reader.GetString(1));
        string? parentId = NullableString(reader, 9);
        return new WorkflowInstanceState
        {
            Instance = instance,
            WorkflowName = reader.GetString(2),
            Queue = reader.GetString(3),
            Status = (WorkflowStatus)reader.GetInt32(4),
            CreatedAt = ServerTime.ToOffset(reader.GetDateTime(5)),
            CompletedAt = reader.IsDBNull(6) ? null : ServerTime.ToOffset(reader.GetDateTime(6)),
            Result = NullableString(reader, 7),
            Error = DecodeError(NullableString(reader, 8)),
            Parent = parentId is null ? null : new ParentReference(parentId, reader.GetString(10), reader.GetInt64(11)),
            LastTaskError = DecodeError(NullableString(reader, 12)),
            Metadata = DecodeMetadata(NullableString(reader, 13)),
        };
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
