using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Sqlite;

/// <summary>Turns events, errors and metadata into column values and back.</summary>
internal static class EventRows
{
    /// <summary>The parameters of <paramref name="e"/>'s history row.</summary>
    public static (string, object?)[] EventParameters(WorkflowInstance instance, HistoryEvent e) => Columns(instance, e, sequence: true);

    /// <summary>
    /// The parameters of <paramref name="e"/>'s pending-event row: a history row's without the sequence number, which
    /// a pending event does not have yet. Exactly the statement's own parameters, so the writer binds them by position
    /// (<see cref="RawStatements"/>; with one more, it took Microsoft.Data.Sqlite's slower path for every result).
    /// </summary>
    public static (string, object?)[] PendingEventParameters(WorkflowInstance instance, HistoryEvent e) => Columns(instance, e, sequence: false);

    private static (string, object?)[] Columns(WorkflowInstance instance, HistoryEvent e, bool sequence)
    {
        var columns = new (string, object?)[sequence ? 9 : 8];
        int at = 0;
        columns[at++] = ("$instanceId", instance.InstanceId);
        columns[at++] = ("$executionId", instance.ExecutionId);
        if (sequence)
        {
            columns[at++] = ("$sequenceId", e.SequenceId);
        }

        columns[at++] = ("$eventId", e.Id);
        columns[at++] = ("$eventType", (int)e.Type);
        columns[at++] = ("$scheduleEventId", e.ScheduleEventId);
        columns[at++] = ("$timestamp", SqliteTime.ToTicks(e.Timestamp));
        columns[at++] = ("$visibleAt", SqliteTime.ToTicks(e.VisibleAt));
        columns[at] = ("$attributes", HistorySerializer.SerializeAttributes(e.Attributes));
        return columns;
    }

    private static readonly string[][] s_rowParameterNames = [.. Enumerable.Range(0, Sql.MaxHistoryRowsPerInsert).Select(i =>
        new[] { "$sequenceId", "$eventId", "$eventType", "$scheduleEventId", "$timestamp", "$visibleAt", "$attributes" }
            .Select(name => name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray())];

    /// <summary>
    /// The inserts that append <paramref name="events"/> to the history of <paramref name="instance"/>, up to
    /// <see cref="Sql.MaxHistoryRowsPerInsert"/> rows per statement, encoded before the transaction.
    /// </summary>
    public static List<(string Sql, (string, object?)[] Parameters, int First, int Count)> HistoryInserts(WorkflowInstance instance, IReadOnlyList<HistoryEvent> events)
    {
        var inserts = new List<(string, (string, object?)[], int, int)>((events.Count + Sql.MaxHistoryRowsPerInsert - 1) / Sql.MaxHistoryRowsPerInsert);
        for (int first = 0; first < events.Count; first += Sql.MaxHistoryRowsPerInsert)
        {
            int count = Math.Min(Sql.MaxHistoryRowsPerInsert, events.Count - first);
            var parameters = new (string, object?)[2 + (7 * count)];
            parameters[0] = ("$instanceId", instance.InstanceId);
            parameters[1] = ("$executionId", instance.ExecutionId);
            for (int i = 0; i < count; i++)
            {
                var e = events[first + i];
                var names = s_rowParameterNames[i];
                int at = 2 + (7 * i);
                parameters[at] = (names[0], e.SequenceId);
                parameters[at + 1] = (names[1], e.Id);
                parameters[at + 2] = (names[2], (int)e.Type);
                parameters[at + 3] = (names[3], e.ScheduleEventId);
                parameters[at + 4] = (names[4], SqliteTime.ToTicks(e.Timestamp));
                parameters[at + 5] = (names[5], SqliteTime.ToTicks(e.VisibleAt));
                parameters[at + 6] = (names[6], HistorySerializer.SerializeAttributes(e.Attributes));
            }

            inserts.Add((Sql.InsertHistoryRows(count), parameters, first, count));
        }

        return inserts;
    }

    /// <summary>
    /// Reads an event from the columns event_id, sequence_id, timestamp, schedule_event_id, attributes, visible_at.
    /// A row that does not decode becomes a <see cref="CorruptRowException"/> naming the row.
    /// </summary>
    public static HistoryEvent ReadEvent(Row reader, string table, WorkflowInstance instance)
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
