namespace Workflows.Backends.SqlCore;

/// <summary>Decisions the server backends (MySQL, PostgreSQL) make the same way, whatever their SQL.</summary>
internal static class ServerBackendRules
{
    /// <summary>
    /// When an instance whose rows do not decode may be tried again: a back-off doubling from
    /// <paramref name="retryDelay"/> up to <paramref name="maxRetryDelay"/>, and never (parked) after
    /// <paramref name="maxAttempts"/> failures.
    /// </summary>
    public static DateTime PoisonNotBefore(DateTime now, int failures, TimeSpan retryDelay, TimeSpan maxRetryDelay, int maxAttempts)
    {
        if (failures >= maxAttempts)
        {
            return ServerTime.Never;
        }

        double factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(retryDelay.Ticks * factor, maxRetryDelay.Ticks));
        return ServerTime.Add(now, delay);
    }

    /// <summary>Refuses a completion whose executed events would not continue the history contiguously after <paramref name="lastSequenceId"/>.</summary>
    public static void ValidateSequence(WorkflowInstance instance, long lastSequenceId, WorkflowTaskCompletion completion)
    {
        long expected = lastSequenceId + 1;
        foreach (var e in completion.ExecutedEvents)
        {
            if (e.SequenceId != expected++)
            {
                throw new InvalidOperationException($"History of {instance} would not stay contiguous at event {e}; expected sequence id {expected - 1}.");
            }
        }
    }

    /// <summary>
    /// A batch claim as one claim transaction per task: a <c>SKIP LOCKED</c> claim holds its row locks until its
    /// COMMIT, so claiming many in one transaction would keep them from other workers for longer. A failure after
    /// the first claim hands over what was claimed; the next poll meets it again.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ClaimEachAsync<T>(Func<CancellationToken, Task<T?>> claim, int max, CancellationToken cancellationToken)
        where T : class
    {
        var tasks = new List<T>();
        while (tasks.Count < max)
        {
            T? task;
            try
            {
                task = await claim(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (tasks.Count > 0)
            {
                // What was claimed is handed over; the next poll meets the failure again.
                break;
            }

            if (task is null)
            {
                break;
            }

            tasks.Add(task);
        }

        return tasks;
    }
}
