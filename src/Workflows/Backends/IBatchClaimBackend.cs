namespace Workflows.Backends;

/// <summary>
/// Optional for a backend: claims several tasks in one call, so a worker with many free slots (a burst of new
/// instances, a fan-out of activities, a backlog after a restart) fills them with one poll instead of one poll and
/// one claim per task.
/// </summary>
public interface IBatchClaimBackend
{
    /// <summary>
    /// Claims up to <paramref name="max"/> workflow tasks, each as <see cref="IBackend.GetWorkflowTaskAsync"/> would
    /// claim one (its own lock token and lease, the pending events it saw), oldest ready first.
    /// </summary>
    /// <returns>The claimed tasks; empty when there is nothing to do.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is less than 1.</exception>
    Task<IReadOnlyList<WorkflowTask>> GetWorkflowTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> activity tasks, each as <see cref="IBackend.GetActivityTaskAsync"/> would
    /// claim one (its own lock token and lease), in claim order.
    /// </summary>
    /// <returns>The claimed tasks; empty when there is nothing to do.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is less than 1.</exception>
    Task<IReadOnlyList<ActivityTask>> GetActivityTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default);
}
