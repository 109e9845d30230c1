using System.Collections;
using Workflows.Backends;

namespace Workflows.Worker;

/// <summary>
/// The log scope of one workflow task or activity execution: what a log line written inside it (through any logger
/// of the worker's factory, the replay-safe workflow logger included) is about. Structured, so sinks can index the
/// ids; its text form is for plain console output.
/// </summary>
internal sealed class LogScope(params KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    /// <summary>The scope of a workflow task: instance, execution and workflow name.</summary>
    public static LogScope ForWorkflowTask(WorkflowTask task) => new(
        new("WorkflowInstanceId", task.Instance.InstanceId),
        new("WorkflowExecutionId", task.Instance.ExecutionId),
        new("WorkflowName", task.WorkflowName));

    /// <summary>The scope of an activity execution: instance, execution, activity name and attempt.</summary>
    public static LogScope ForActivity(ActivityContext context) => new(
        new("WorkflowInstanceId", context.Instance.InstanceId),
        new("WorkflowExecutionId", context.Instance.ExecutionId),
        new("ActivityName", context.ActivityName),
        new("ActivityAttempt", context.Attempt));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(" ", values.Select(v => $"{v.Key}:{v.Value}"));
}
