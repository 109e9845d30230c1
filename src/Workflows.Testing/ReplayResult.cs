namespace Workflows.Testing;

/// <summary>The outcome of replaying one recorded history against the current code.</summary>
/// <param name="Name">What was replayed (a file name, or the name given).</param>
/// <param name="WorkflowName">The workflow the history belongs to; null when the history has no start event.</param>
/// <param name="Error">Why the replay failed; null when the current code reproduces the history.</param>
/// <param name="SequenceId">For non-determinism: the sequence id where code and history part.</param>
/// <param name="Recorded">For non-determinism: the event the history records there (null when it records nothing).</param>
/// <param name="Produced">For non-determinism: what the code produced there (null when it produced nothing).</param>
public sealed record ReplayResult(
    string Name,
    string? WorkflowName,
    Exception? Error,
    long? SequenceId = null,
    string? Recorded = null,
    string? Produced = null)
{
    /// <summary>Whether the current code reproduces the history.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>Whether the replay failed because the code no longer does what the history records.</summary>
    public bool IsNonDeterminism => Error is NonDeterminismException;

    /// <summary>The error's message; null on success.</summary>
    public string? Message => Error?.Message;

    /// <summary>One line for a CI log.</summary>
    public override string ToString()
        => IsSuccess
            ? $"{Name}: ok ({WorkflowName})"
            : IsNonDeterminism
                ? $"{Name}: NON-DETERMINISM at sequence id {SequenceId}: recorded {Recorded ?? "(nothing)"}, produced {Produced ?? "(nothing)"}. {Message}"
                : $"{Name}: FAILED: {Error!.GetType().Name}: {Message}";
}
