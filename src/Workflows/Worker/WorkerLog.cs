using Microsoft.Extensions.Logging;

namespace Workflows.Worker;

/// <summary>Worker log messages; event ids 1000–1999 belong to the worker.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1000, LogLevel.Error, "Polling for {Kind} tasks failed; retrying")]
    public static partial void PollFailed(ILogger logger, Backends.WorkKind kind, Exception exception);

    [LoggerMessage(1013, LogLevel.Debug, "A poll for {Kind} tasks failed while the worker stopped")]
    public static partial void PollEndedByStop(ILogger logger, Backends.WorkKind kind, Exception exception);

    [LoggerMessage(1001, LogLevel.Warning, "Workflow task of {Instance} could not run and was released: {Reason}")]
    public static partial void WorkflowTaskAbandoned(ILogger logger, WorkflowInstance instance, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "Lease on the workflow task of {Instance} was lost; its result was dropped")]
    public static partial void WorkflowLeaseLost(ILogger logger, WorkflowInstance instance);

    [LoggerMessage(1003, LogLevel.Error, "Committing the workflow task of {Instance} failed")]
    public static partial void WorkflowCommitFailed(ILogger logger, WorkflowInstance instance, Exception exception);

    [LoggerMessage(1004, LogLevel.Warning, "Lease on activity {Activity} of {Instance} was lost; its result was dropped")]
    public static partial void ActivityLeaseLost(ILogger logger, string activity, WorkflowInstance instance);

    [LoggerMessage(1005, LogLevel.Warning, "Activity {Activity} is not registered on this worker; released for another worker (attempt {Attempt})")]
    public static partial void ActivityNotRegistered(ILogger logger, string activity, int attempt);

    [LoggerMessage(1006, LogLevel.Error, "Completing activity {Activity} of {Instance} failed")]
    public static partial void ActivityCommitFailed(ILogger logger, string activity, WorkflowInstance instance, Exception exception);

    [LoggerMessage(1007, LogLevel.Debug, "Renewing a lease failed")]
    public static partial void RenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(1008, LogLevel.Error, "The outcome of activity {Activity} of {Instance} could not be committed; the attempt was recorded as failed instead")]
    public static partial void ActivityFailedInstead(ILogger logger, string activity, WorkflowInstance instance);

    [LoggerMessage(1012, LogLevel.Error, "Completing activity {Activity} of {Instance} could not be committed and the database does not answer; the activity runs again once its lease lapses")]
    public static partial void ActivityCommitUnreachable(ILogger logger, string activity, WorkflowInstance instance, Exception exception);

    [LoggerMessage(1009, LogLevel.Warning, "Workflow {Workflow} of {Instance} is not registered on any worker polling queue {Queue}; released (attempt {Attempt})")]
    public static partial void WorkflowNotRegistered(ILogger logger, string workflow, string queue, WorkflowInstance instance, int attempt);

    [LoggerMessage(1010, LogLevel.Error, "Workflow {Workflow} of {Instance} is not registered on any worker polling queue {Queue}; the instance was parked after {Attempt} attempts")]
    public static partial void WorkflowParked(ILogger logger, string workflow, string queue, WorkflowInstance instance, int attempt);

    [LoggerMessage(1011, LogLevel.Warning, "A commit failed; trying again in {Pause} while the lease is kept")]
    public static partial void CommitRetried(ILogger logger, TimeSpan pause, Exception exception);

    [LoggerMessage(1060, LogLevel.Warning, "Reading the backlog for the pending-task gauges failed; they keep their last values and try again in {Interval}")]
    public static partial void BacklogReadFailed(ILogger logger, TimeSpan interval, Exception exception);

    [LoggerMessage(1050, LogLevel.Information, "Auto-expiration removed {Count} instance(s) that finished before {Cutoff}")]
    public static partial void ExpiredInstancesRemoved(ILogger logger, long count, DateTimeOffset cutoff);
}
