namespace Workflows;

/// <summary>The status of a workflow execution.</summary>
public enum WorkflowStatus
{
    /// <summary>Started and not yet finished.</summary>
    Running = 1,
    /// <summary>Returned a result.</summary>
    Completed = 2,
    /// <summary>Threw an exception.</summary>
    Failed = 3,
    /// <summary>Ended by cancellation.</summary>
    Canceled = 4,
    /// <summary>Ended from outside without running its code.</summary>
    Terminated = 5,
    /// <summary>Ended by continuing as a new execution of the same instance.</summary>
    ContinuedAsNew = 6,
}

/// <summary>Helpers on <see cref="WorkflowStatus"/>.</summary>
public static class WorkflowStatusExtensions
{
    /// <summary>Whether the status is final.</summary>
    public static bool IsFinished(this WorkflowStatus status) => status != WorkflowStatus.Running;
}
