namespace Workflows.Testing;

/// <summary>
/// The test, not the workflow, went wrong: a call nobody mocked or registered, a workflow task that could not
/// commit (non-determinism, a runtime violation, an unknown workflow), a run that did not finish in time, or an
/// unmet mock expectation.
/// </summary>
public class WorkflowTestException : WorkflowsException
{
    /// <summary>Creates the exception.</summary>
    public WorkflowTestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public WorkflowTestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
