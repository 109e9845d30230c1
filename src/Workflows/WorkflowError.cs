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
    // Longest message or stack trace kept per error in the chain, and how deep the chain of inner errors is kept:
    // an error is stored in the history, so an exception with a 20 MB message must not become a 20 MB row.
    internal const int DefaultMaxTextLength = 16 * 1024;
    private const int MaxDepth = 8;

    /// <summary>
    /// Describes an exception. The runtime's own failure wrappers (an activity or sub-workflow that failed) keep the
    /// original error as <see cref="Inner"/>, so the whole chain stays visible. Never throws: a message or stack
    /// trace that cannot be read is described as such, and texts longer than 16 KiB characters are cut, with a
    /// marker saying how much was left out.
    /// </summary>
    public static WorkflowError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(exception, DefaultMaxTextLength, 0);
    }

    /// <summary>Describes an exception with texts cut at <paramref name="maxTextLength"/> characters.</summary>
    internal static WorkflowError FromException(Exception exception, int maxTextLength)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Describe(exception, Math.Max(64, maxTextLength), 0);
    }

    /// <summary>The text limit for errors stored under a payload limit of <paramref name="maxPayloadSize"/> characters.</summary>
    internal static int MaxTextLengthFor(int maxPayloadSize)
        => Math.Clamp(maxPayloadSize / (2 * (MaxDepth + 2)), 64, DefaultMaxTextLength);

    private static WorkflowError Describe(Exception exception, int maxLength, int depth)
    {
        if (exception is WorkflowFailureException failure)
        {
            return new WorkflowError(
                TypeName(exception),
                Read(exception, static e => e.Message, maxLength),
                Truncate(failure.Error.StackTrace, maxLength),
                depth < MaxDepth ? Truncate(failure.Error, maxLength, depth + 1) : null,
                failure.Error.NonRetryable);
        }

        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate && depth < MaxDepth)
        {
            return Describe(aggregate.InnerExceptions[0], maxLength, depth + 1);
        }

        Exception? inner = null;
        try
        {
            inner = exception.InnerException;
        }
        catch (Exception)
        {
            // An exception type with a broken InnerException: described without it.
        }

        return new WorkflowError(
            TypeName(exception),
            Read(exception, static e => e.Message, maxLength),
            Read(exception, static e => e.StackTrace, maxLength),
            inner is null || depth >= MaxDepth ? null : Describe(inner, maxLength, depth + 1),
            exception is NonRetryableException);
    }

    private static string TypeName(Exception exception) => exception.GetType().FullName ?? exception.GetType().Name;

    // User exceptions may override Message or StackTrace with code that throws; describing one must not throw (the
    // activity would never complete and run again at every lease).
    private static string Read(Exception exception, Func<Exception, string?> property, int maxLength)
    {
        try
        {
            return Truncate(property(exception), maxLength) ?? "";
        }
        catch (Exception ex)
        {
            string reason;
            try
            {
                reason = $"{ex.GetType().FullName}";
            }
            catch (Exception)
            {
                reason = "an exception";
            }

            return $"<could not be read: {reason}>";
        }
    }

    private static WorkflowError Truncate(WorkflowError error, int maxLength, int depth)
        => new(
            error.Type,
            Truncate(error.Message, maxLength) ?? "",
            Truncate(error.StackTrace, maxLength),
            error.Inner is null || depth >= MaxDepth ? null : Truncate(error.Inner, maxLength, depth + 1),
            error.NonRetryable);

    private static string? Truncate(string? text, int maxLength)
    {
        if (text is null || text.Length <= maxLength)
        {
            return text;
        }

        int keep = maxLength;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--; // never split a surrogate pair
        }

        return string.Concat(text.AsSpan(0, keep), $"… [truncated: {text.Length - keep:N0} more characters]");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}: {Message}";
}
