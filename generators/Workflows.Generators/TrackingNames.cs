namespace Workflows.Generators;

/// <summary>Names of the pipeline steps, so tests can check what a run served from the cache.</summary>
internal static class TrackingNames
{
    public const string Workflows = nameof(Workflows);
    public const string Activities = nameof(Activities);
    public const string WorkflowRegistrations = nameof(WorkflowRegistrations);
    public const string ActivityRegistrations = nameof(ActivityRegistrations);
    public const string Registration = nameof(Registration);
}
