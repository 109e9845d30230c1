namespace Workflows.Testing;

/// <summary>
/// The workflow under test can never move again: it has not finished, nothing is running, no timer is pending and
/// no callback is left. <see cref="Exception.Message"/> lists what it waits on.
/// </summary>
public sealed class WorkflowBlockedException : WorkflowTestException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The explanation.</param>
    /// <param name="waits">What the workflow (and its sub-workflows) wait on.</param>
    public WorkflowBlockedException(string message, IReadOnlyList<string> waits)
        : base(message)
    {
        Waits = waits;
    }

    /// <summary>What the workflow and its running sub-workflows wait on, one entry each (e.g. <c>signal 'approved'</c>).</summary>
    public IReadOnlyList<string> Waits { get; }
}
