using System.Collections;

namespace Workflows.Worker;

/// <summary>
/// The log scope of one activity execution: what a log line written inside the activity (through any logger of the
/// worker's factory) is about. Structured, so sinks can index the ids.
/// </summary>
internal sealed class ActivityLogScope(ActivityContext context) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 4;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("WorkflowInstanceId", context.Instance.InstanceId),
        1 => new("WorkflowExecutionId", context.Instance.ExecutionId),
        2 => new("ActivityName", context.ActivityName),
        3 => new("ActivityAttempt", context.Attempt),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Instance:{context.Instance.InstanceId} Execution:{context.Instance.ExecutionId} Activity:{context.ActivityName} Attempt:{context.Attempt}";
}
