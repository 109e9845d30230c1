using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Dashboard;

/// <summary>JSON output of the API, written by hand so the package needs no reflection-based serializer.</summary>
internal static class DashboardJson
{
    private static readonly JsonWriterOptions s_indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A payload as indented JSON; strings that hold JSON objects or arrays (encoded payloads nested in event
    /// attributes) are expanded so a person can read them. Text that is not JSON comes back as it was.
    /// </summary>
    public static string Pretty(string? payload)
    {
        if (payload is null)
        {
            return "";
        }

        try
        {
            using var doc = JsonDocument.Parse(payload);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, s_indented))
            {
                WriteExpanded(writer, doc.RootElement);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return payload;
        }
    }

    private static void WriteExpanded(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in element.EnumerateObject())
                {
                    writer.WritePropertyName(p.Name);
                    WriteExpanded(writer, p.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteExpanded(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String when element.GetString() is { Length: > 1 } s && (s[0] == '{' || s[0] == '[' || s[0] == '"'):
                try
                {
                    using var inner = JsonDocument.Parse(s);
                    WriteExpanded(writer, inner.RootElement);
                }
                catch (JsonException)
                {
                    element.WriteTo(writer);
                }

                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>Writes a payload as a JSON value when it is JSON, else as a string.</summary>
    public static void WritePayload(Utf8JsonWriter writer, string name, string? payload)
    {
        if (payload is null)
        {
            writer.WriteNull(name);
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(payload);
            writer.WritePropertyName(name);
            doc.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteString(name, payload);
        }
    }

    public static void WriteError(Utf8JsonWriter writer, string name, WorkflowError? error)
    {
        if (error is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WritePropertyName(name);
        writer.WriteRawValue(HistorySerializer.SerializeError(error));
    }

    public static void WriteState(Utf8JsonWriter writer, WorkflowInstanceState s)
    {
        writer.WriteStartObject();
        writer.WriteString("instanceId", s.Instance.InstanceId);
        writer.WriteString("executionId", s.Instance.ExecutionId);
        writer.WriteString("workflowName", s.WorkflowName);
        writer.WriteString("queue", s.Queue);
        writer.WriteString("status", s.Status.ToString());
        writer.WriteString("createdAt", s.CreatedAt);
        if (s.CompletedAt is { } completed)
        {
            writer.WriteString("completedAt", completed);
        }
        else
        {
            writer.WriteNull("completedAt");
        }

        WritePayload(writer, "result", s.Result);
        WriteError(writer, "error", s.Error);
        WriteError(writer, "lastTaskError", s.LastTaskError);
        if (s.Parent is { } parent)
        {
            writer.WriteStartObject("parent");
            writer.WriteString("instanceId", parent.InstanceId);
            writer.WriteString("executionId", parent.ExecutionId);
            writer.WriteNumber("scheduleEventId", parent.ScheduleEventId);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("parent");
        }

        writer.WriteEndObject();
    }

    public static void WriteEvent(Utf8JsonWriter writer, HistoryEvent e)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequenceId", e.SequenceId);
        writer.WriteString("id", e.Id);
        writer.WriteString("type", e.Type.ToString());
        writer.WriteString("timestamp", e.Timestamp);
        writer.WriteNumber("scheduleEventId", e.ScheduleEventId);
        writer.WriteString("summary", e.ToString());
        writer.WritePropertyName("attributes");
        writer.WriteRawValue(HistorySerializer.SerializeAttributes(e.Attributes));
        writer.WriteString("pretty", Pretty(HistorySerializer.SerializeAttributes(e.Attributes)));
        writer.WriteEndObject();
    }
}
