using System.Text;

namespace Workflows;

/// <summary>
/// The one rule set for identifiers (instance ids, workflow, activity, signal and queue names, signal request ids),
/// checked where a caller hands one in. A lone surrogate would be stored altered (and collide with another id), a
/// control character makes logs and tools lie, and a long id would be cut or refused by some backend; all are
/// refused up front instead.
/// </summary>
internal static class Identifiers
{
    public const string InstanceId = "instance id";
    public const string WorkflowName = "workflow name";
    public const string ActivityName = "activity name";
    public const string SignalName = "signal name";
    public const string Queue = "queue";
    public const string RequestId = "signal request id";

    /// <summary>Throws <see cref="InvalidIdentifierException"/> when <paramref name="value"/> breaks the rules.</summary>
    public static string Check(string? value, string kind)
    {
        if (Problem(value) is { } reason)
        {
            throw new InvalidIdentifierException(kind, value, reason);
        }

        return value!;
    }

    /// <summary>Why <paramref name="value"/> is not a valid identifier, or null when it is.</summary>
    public static string? Problem(string? value)
    {
        if (value is null)
        {
            return "it is null";
        }

        if (value.Length == 0)
        {
            return "it is empty";
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return "it is only white space";
        }

        if (value.Length > InvalidIdentifierException.MaxLength)
        {
            return $"it is {value.Length:N0} characters long; the limit is {InvalidIdentifierException.MaxLength}";
        }

        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsControl(c))
            {
                return $"it contains the control character U+{(int)c:X4} at index {i}";
            }
        }

        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out int used) != System.Buffers.OperationStatus.Done)
            {
                return $"it contains a lone surrogate at index {value.Length - rest.Length} (not valid UTF-16)";
            }

            rest = rest[used..];
        }

        return null;
    }
}
