namespace Workflows;

/// <summary>Options of one activity call.</summary>
public sealed record ActivityOptions
{
    /// <summary>The default options.</summary>
    public static ActivityOptions Default { get; } = new();

    /// <summary>The queue the activity runs on; the workflow's own queue when null.</summary>
    public string? Queue { get; init; }
}

/// <summary>Options of one sub-workflow call.</summary>
public sealed record SubWorkflowOptions
{
    /// <summary>The default options.</summary>
    public static SubWorkflowOptions Default { get; } = new();

    /// <summary>The sub-workflow's instance id; a deterministic id derived from the parent when null.</summary>
    public string? InstanceId { get; init; }

    /// <summary>The queue the sub-workflow runs on; the parent's queue when null.</summary>
    public string? Queue { get; init; }

    /// <summary>Cancels the sub-workflow; the parent's cancellation token when not set.</summary>
    public CancellationToken CancellationToken { get; init; }
}
