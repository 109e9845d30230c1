namespace Workflows;

/// <summary>
/// A signal handler of a workflow class could not take a signal: its value does not decode as the handler's
/// parameter type, or the handler threw. The workflow task fails and nothing is written, so the signal stays
/// unprocessed and the instance stays blocked (not failed) with this error as its last task error, until the code
/// is fixed or the instance is terminated.
/// </summary>
public sealed class WorkflowSignalException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="signalName">The signal.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WorkflowSignalException(string signalName, string message, Exception? innerException)
        : base(message, innerException)
    {
        SignalName = signalName;
    }

    /// <summary>The signal.</summary>
    public string SignalName { get; }
}
