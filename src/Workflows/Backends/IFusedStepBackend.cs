using Workflows.History;

namespace Workflows.Backends;

/// <summary>
/// Optional for a backend: records an activity's result together with the workflow task it wakes, in one
/// transaction. The worker that ran the activity still holds the instance's executor from its previous workflow task,
/// so it runs the woken task ahead on it (the result as the task's only new event) and hands both over at once: one
/// commit per activity step instead of two, and no pending event written only to be read back and deleted.
/// </summary>
/// <remarks>
/// The workflow task commits only if a poll could have claimed the execution with exactly that one event: it is
/// running, not leased, not backing off, its history ends at the sequence id the caller ran from, and it has no other
/// visible pending event. Otherwise the call does what <see cref="IEagerDispatchBackend.CompleteActivityTaskAsync"/>
/// does, and the caller drops the executor that ran ahead.
/// </remarks>
public interface IFusedStepBackend
{
    /// <summary>
    /// Completes <paramref name="activity"/> with <paramref name="resultEvent"/> and, in the same transaction, commits
    /// <paramref name="completion"/> as the workflow task that consumed that event, as
    /// <see cref="IEagerDispatchBackend.CompleteWorkflowTaskAsync"/> would (claiming up to
    /// <paramref name="maxActivities"/> of the activities it schedules on <paramref name="queues"/>).
    /// </summary>
    /// <param name="activity">The held activity task.</param>
    /// <param name="resultEvent">Its <see cref="EventType.ActivityCompleted"/> or <see cref="EventType.ActivityFailed"/> event.</param>
    /// <param name="lastSequenceId">The sequence id of the last history event the workflow task ran from.</param>
    /// <param name="completion">The workflow task's outcome; its executed events include <paramref name="resultEvent"/>.</param>
    /// <param name="queues">The caller's queues, for eager claims.</param>
    /// <param name="maxActivities">How many scheduled activities the caller can run now.</param>
    /// <param name="cancellationToken">Cancels before the transaction starts.</param>
    /// <returns>Whether the workflow task committed, and what was claimed for the caller.</returns>
    /// <exception cref="LeaseLostException">The activity task is no longer held by this token; nothing was written or claimed.</exception>
    Task<FusedStepResult> CompleteActivityAndWorkflowTaskAsync(
        ActivityTask activity,
        HistoryEvent resultEvent,
        long lastSequenceId,
        WorkflowTaskCompletion completion,
        IReadOnlyList<string> queues,
        int maxActivities,
        CancellationToken cancellationToken = default);
}

/// <summary>The outcome of <see cref="IFusedStepBackend.CompleteActivityAndWorkflowTaskAsync"/>.</summary>
/// <param name="Committed">True when the workflow task committed with the result; false when only the result was recorded.</param>
/// <param name="Activities">When committed: the activity tasks claimed for the caller, in schedule order.</param>
/// <param name="WorkflowTask">When not committed: the workflow task claimed for the caller, as eager dispatch would, or null.</param>
public sealed record FusedStepResult(bool Committed, IReadOnlyList<ActivityTask> Activities, WorkflowTask? WorkflowTask)
{
    /// <summary>The workflow task committed; <paramref name="activities"/> were claimed for the caller.</summary>
    public static FusedStepResult Fused(IReadOnlyList<ActivityTask> activities) => new(true, activities, null);

    /// <summary>Only the result was recorded; <paramref name="task"/> (or null) was claimed for the caller.</summary>
    public static FusedStepResult NotFused(WorkflowTask? task) => new(false, [], task);
}
