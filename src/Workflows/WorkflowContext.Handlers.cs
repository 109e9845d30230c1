namespace Workflows;

public sealed partial class WorkflowContext
{
    /// <summary>
    /// Waits until <paramref name="condition"/> holds. It is evaluated now and again each time an event (a signal
    /// handler, a completed activity, a timer) has run the workflow code, so a run method can wait for the state a
    /// signal handler sets: <c>await ctx.WaitConditionAsync(() =&gt; _approved is not null);</c>. The condition must
    /// only read workflow state.
    /// </summary>
    /// <param name="condition">Reads workflow state; no side effects.</param>
    /// <returns>Completes when the condition holds; fails with <see cref="WorkflowCanceledException"/> when the instance is cancelled first.</returns>
    public Task WaitConditionAsync(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _executor.AssertOnScheduler(nameof(WaitConditionAsync));
        return _executor.WaitCondition(condition, CancellationToken);
    }
}
