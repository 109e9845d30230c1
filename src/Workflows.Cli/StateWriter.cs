using System.Text.Json;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Cli;

/// <summary>Writes instance states and histories as JSON: the shape <c>--json</c> promises to scripts.</summary>
internal static class StateWriter
{
    private static readonly JsonWriterOptions s_options = new() { Indented = true };

    public static string Instances(IReadOnlyList<WorkflowInstanceState> states, string? nextCursor)
        => Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("instances");
            foreach (var state in states)
            {
                State(w, state);
            }

            w.WriteEndArray();
            w.WriteString("nextCursor", nextCursor);
            w.WriteEndObject();
        });

    public static string Instance(WorkflowInstanceState state, IReadOnlyList<HistoryEvent>? history, long? nextAfter = null)
        => Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("state");
            State(w, state);
            if (history is not null)
            {
                w.WritePropertyName("history");
                w.WriteStartArray();
                foreach (var e in history)
                {
                    w.WriteRawValue(HistorySerializer.Serialize(e));
                }

                w.WriteEndArray();
                if (nextAfter is { } next)
                {
                    w.WriteNumber("nextAfter", next);
                }
                else
                {
                    w.WriteNull("nextAfter");
                }
            }

            w.WriteEndObject();
        });

    public static string Object(params (string Name, object? Value)[] properties)
        => Write(w =>
        {
            w.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                switch (value)
                {
                    case null: w.WriteNull(name); break;
                    case bool b: w.WriteBoolean(name, b); break;
                    case int i: w.WriteNumber(name, i); break;
                    case long l: w.WriteNumber(name, l); break;
                    default: w.WriteString(name, value.ToString()); break;
                }
            }

            w.WriteEndObject();
        });

    private static void State(Utf8JsonWriter w, WorkflowInstanceState state)
    {
        w.WriteStartObject();
        w.WriteString("instanceId", state.Instance.InstanceId);
        w.WriteString("executionId", state.Instance.ExecutionId);
        w.WriteString("workflowName", state.WorkflowName);
        w.WriteString("queue", state.Queue);
        w.WriteString("status", Commands.Status(state.Status));
        w.WriteString("createdAt", state.CreatedAt);
        if (state.CompletedAt is { } completed)
        {
            w.WriteString("completedAt", completed);
        }
        else
        {
            w.WriteNull("completedAt");
        }

        w.WriteString("result", state.Result);
        Error(w, "error", state.Error);
        Error(w, "lastTaskError", state.LastTaskError);
        if (state.Parent is { } parent)
        {
            w.WriteString("parentInstanceId", parent.InstanceId);
            w.WriteString("parentExecutionId", parent.ExecutionId);
        }

        if (state.Metadata is { } metadata)
        {
            w.WriteStartObject("metadata");
            foreach (var (key, value) in metadata.Values)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void Error(Utf8JsonWriter w, string name, WorkflowError? error)
    {
        if (error is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WritePropertyName(name);
            w.WriteRawValue(HistorySerializer.SerializeError(error));
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
