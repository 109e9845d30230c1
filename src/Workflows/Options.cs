namespace Workflows;

/// <summary>Options of one activity call.</summary>
public sealed record ActivityOptions
{
    /// <summary>The default options.</summary>
    public static ActivityOptions Default { get; } = new();

    /// <summary>The queue the activity runs on; the workflow's own queue when null.</summary>
    public string? Queue { get; init; }

    /// <summary>Retries with back-off, recorded in the history; a single attempt when null.</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <summary>How long one attempt may run on a worker; its cancellation token fires then and the attempt fails with <see cref="ActivityTimeoutException"/>.</summary>
    public TimeSpan? StartToCloseTimeout { get; init; }

    /// <summary>How long the whole call may take, retries included; the workflow then sees <see cref="ActivityTimeoutException"/> and a late result is discarded.</summary>
    public TimeSpan? ScheduleToCloseTimeout { get; init; }
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

    /// <summary>Retries with back-off, recorded in the history; a single attempt when null.</summary>
    public RetryPolicy? RetryPolicy { get; init; }
}

/// <summary>
/// How a failed activity or sub-workflow is retried. Every attempt and every back-off timer is recorded in the
/// history, so retries survive restarts. An error marked non-retryable (<see cref="NonRetryableException"/>) or of
/// a type in <see cref="NonRetryableErrorTypes"/> is not retried.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The most attempts, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The pause before the second attempt.</summary>
    public TimeSpan FirstInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Each pause is the previous one times this.</summary>
    public double BackoffCoefficient { get; init; } = 2;

    /// <summary>The longest pause.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No attempt starts after this much time since the first; unlimited when null.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Full names of exception types that are never retried.</summary>
    public IReadOnlyList<string> NonRetryableErrorTypes { get; init; } = [];

    /// <summary>The pause before attempt <paramref name="nextAttempt"/> (2 or more).</summary>
    public TimeSpan BackoffBefore(int nextAttempt)
    {
        double factor = Math.Pow(BackoffCoefficient, Math.Max(0, nextAttempt - 2));
        double ticks = Math.Min(FirstInterval.Ticks * factor, MaxInterval.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    internal bool ShouldRetry(WorkflowError error, int attempt, TimeSpan elapsed, out TimeSpan delay)
    {
        delay = BackoffBefore(attempt + 1);
        if (attempt >= MaxAttempts || error.NonRetryable || IsNonRetryable(error))
        {
            return false;
        }

        return Timeout is not { } limit || elapsed + delay < limit;
    }

    private bool IsNonRetryable(WorkflowError error)
    {
        for (var e = error; e is not null; e = e.Inner)
        {
            if (e.NonRetryable || NonRetryableErrorTypes.Contains(e.Type))
            {
                return true;
            }
        }

        return false;
    }
}
