using System.Text.Json;
using Npgsql;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Postgres;

/// <summary>Turns events, errors and metadata into column values and back.</summary>
internal static class EventRows
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
        ("@visibleAt", PostgresTime.ToTicks(e.VisibleAt)),
        ("@readyAt", PostgresTime.RoundUp(e.VisibleAt)),
        ("@attributes", HistorySerializer.SerializeAttributes(e.Attributes)),
    ];

    /// <summary>The parameters of <see cref="Sql.InsertHistoryEvents"/> for <paramref name="events"/>.</summary>
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
            parameters[at + 5] = ("@visibleAt" + n, PostgresTime.ToTicks(e.VisibleAt));
            parameters[at + 6] = ("@attributes" + n, HistorySerializer.SerializeAttributes(e.Attributes));
        }

        return parameters;
    }

    /// <summary>
    /// Reads an event from the columns event_id, sequence_id, timestamp_ticks, schedule_event_id, attributes,
    /// visible_at_ticks. A row that does not decode becomes a <see cref="CorruptRowException"/> naming the row.
    /// </summary>
    public static HistoryEvent ReadEvent(NpgsqlDataReader reader, string table, WorkflowInstance instance)
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
                PostgresTime.FromTicks(reader.GetNullableInt64(5)));
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

    /// <summary>Reads a state from <see cref="Sql.SelectInstanceState"/>'s columns.</summary>
    public static WorkflowInstanceState ReadState(NpgsqlDataReader reader)
    {
        var instance = new WorkflowInstance(reader.GetString(0), reader.GetString(1));
        string? parentId = reader.GetNullableString(9);
        return new WorkflowInstanceState
        {
            Instance = instance,
            WorkflowName = reader.GetString(2),
            Queue = reader.GetString(3),
            Status = (WorkflowStatus)reader.GetInt32(4),
            CreatedAt = PostgresTime.ToOffset(reader.GetDateTime(5)),
            CompletedAt = reader.GetNullableDateTime(6) is { } completed ? PostgresTime.ToOffset(completed) : null,
            Result = reader.GetNullableString(7),
            Error = DecodeError(reader.GetNullableString(8)),
            Parent = parentId is null ? null : new ParentReference(parentId, reader.GetString(10), reader.GetInt64(11)),
            LastTaskError = DecodeError(reader.GetNullableString(12)),
            Metadata = DecodeMetadata(reader.GetNullableString(13)),
        };
    }
}
