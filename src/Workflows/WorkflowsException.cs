namespace Workflows;

/// <summary>
/// Base type of the errors the Workflows library raises, so a caller can catch them in one place. Errors that
/// .NET code already expects by another base keep it: <see cref="ActivityTimeoutException"/> is a
/// <see cref="TimeoutException"/>, <see cref="WorkflowCanceledException"/> an <see cref="OperationCanceledException"/>,
/// and <see cref="ContinueAsNewException"/> is control flow that workflow code must let pass.
/// </summary>
public abstract class WorkflowsException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected WorkflowsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    protected WorkflowsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
