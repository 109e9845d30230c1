namespace Workflows.Testing;

/// <summary>Which stored executions <see cref="WorkflowReplayer.ReplayAsync"/> reads from a backend.</summary>
public sealed record ReplayQuery
{
    /// <summary>Only executions of this workflow name, when set.</summary>
    public string? WorkflowName { get; init; }

    /// <summary>Only executions with this status (running ones by default: they are what a deploy replays next); null for any.</summary>
    public WorkflowStatus? Status { get; init; } = WorkflowStatus.Running;

    /// <summary>At most this many executions, newest first.</summary>
    public int Limit { get; init; } = 1000;
}
