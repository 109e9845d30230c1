namespace Workflows.Testing;

/// <summary>Some recorded histories do not replay against the current code.</summary>
public sealed class ReplayFailedException : WorkflowTestException
{
    /// <summary>Creates the exception from the failed results.</summary>
    public ReplayFailedException(IReadOnlyList<ReplayResult> failures)
        : base($"{failures?.Count} recorded histor{(failures?.Count == 1 ? "y does" : "ies do")} not replay against the current code:"
            + string.Concat((failures ?? []).Select(f => Environment.NewLine + "  - " + f)))
    {
        Failures = failures ?? [];
    }

    /// <summary>The failed results.</summary>
    public IReadOnlyList<ReplayResult> Failures { get; }
}
