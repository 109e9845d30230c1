namespace Workflows.Backends;

/// <summary>Lease lengths and limits of a backend.</summary>
public sealed record BackendOptions
{
    /// <summary>How long a claimed workflow task stays leased without renewal.</summary>
    public TimeSpan WorkflowLockTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed activity task stays leased without renewal.</summary>
    public TimeSpan ActivityLockTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The clock for leases and timer visibility (backends on a database use the database clock instead), and the
    /// default clock of every client and worker on this backend (<c>WorkflowClientOptions.TimeProvider</c> and
    /// <c>WorkflowWorkerOptions.TimeProvider</c> override it, for tests that move one clock alone).
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest payload (one encoded argument, result or signal value) accepted, in UTF-16 chars.</summary>
    public int MaxPayloadSize { get; init; } = 2 * 1024 * 1024;

    /// <summary>
    /// Remove an execution, with its history, in the commit that continues it as new (go-workflows'
    /// <c>RemoveContinuedAsNewInstances</c>), so an instance that runs for years in a continue-as-new loop keeps one
    /// execution instead of one per round. Off by default: the earlier executions stay readable
    /// (<c>WorkflowClient.GetExecutionsAsync</c>) until the instance is removed.
    /// </summary>
    public bool RemoveContinuedAsNewExecutions { get; init; }
}
