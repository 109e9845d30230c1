namespace Workflows;

/// <summary>
/// A serializable description of an exception: what crosses from an activity or sub-workflow to the
/// workflow, and from a workflow to the client. The original type is kept by name.
/// </summary>
/// <param name="Type">The full name of the original exception type.</param>
/// <param name="Message">The original message.</param>
/// <param name="StackTrace">The original stack trace, if any.</param>
/// <param name="Inner">The inner error, if any.</param>
/// <param name="NonRetryable">Whether retry policies must not retry it.</param>
public sealed record WorkflowError(string Type, string Message, string? StackTrace = null, WorkflowError? Inner = null, bool NonRetryable = false)
{
    /// <summary>
    /// Describes an exception. The runtime's own failure wrappers (an activity or sub-workflow that failed) keep the
    /// original error as <see cref="Inner"/>, so the whole chain stays visible.
    /// </summary>
    public static WorkflowError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is WorkflowFailureException failure)
        {
            return new WorkflowError(exception.GetType().FullName!, exception.Message, failure.Error.StackTrace, failure.Error, failure.Error.NonRetryable);
        }

        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            return FromException(aggregate.InnerExceptions[0]);
        }

        return new WorkflowError(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException),
            exception is NonRetryableException);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}: {Message}";
}
