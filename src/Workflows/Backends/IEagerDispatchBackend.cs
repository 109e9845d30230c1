using Workflows.History;

namespace Workflows.Backends;

/// <summary>
/// Optional for a backend: hands the worker that finishes one piece of work the next piece it created, claimed in the
/// same transaction ("eager dispatch"). A workflow task's commit claims the activities it schedules; an activity's
/// completion claims the workflow task it makes ready. The worker runs them at once, without a poll and without a
/// claim transaction of their own. Claims made this way follow every rule of <see cref="IBackend.GetWorkflowTaskAsync"/>
/// and <see cref="IBackend.GetActivityTaskAsync"/>: a fresh lock token, the usual lease, fenced commits.
/// </summary>
public interface IEagerDispatchBackend
{
    /// <summary>
    /// Does what <see cref="IBackend.CompleteWorkflowTaskAsync"/> does and, in the same transaction, claims for the
    /// caller up to <paramref name="maxActivities"/> of the activity tasks the completion enqueues whose queue is in
    /// <paramref name="queues"/>. The others stay for any worker to claim.
    /// </summary>
    /// <returns>The claimed activity tasks, in schedule order; empty when none were claimed.</returns>
    /// <exception cref="LeaseLostException">The lease was lost; nothing was written or claimed.</exception>
    Task<IReadOnlyList<ActivityTask>> CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, CancellationToken cancellationToken = default);

    /// <summary>
    /// Does what <see cref="IBackend.CompleteActivityTaskAsync"/> does and, in the same transaction, claims the
    /// execution that received the result when it is claimable by <see cref="IBackend.GetWorkflowTaskAsync"/> on
    /// <paramref name="queues"/> (running, not leased, not backing off).
    /// </summary>
    /// <returns>The claimed workflow task, or null when the execution was not claimable.</returns>
    /// <exception cref="LeaseLostException">The activity task is no longer held by this token; nothing was written or claimed.</exception>
    Task<WorkflowTask?> CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, IReadOnlyList<string> queues, CancellationToken cancellationToken = default);
}
