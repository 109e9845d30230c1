namespace Workflows.Generators;

/// <summary>Names of the pipeline steps, so tests can check what a run served from the cache.</summary>
internal static class TrackingNames
{
    public const string Workflows = nameof(Workflows);
    public const string Activities = nameof(Activities);
    public const string WorkflowClasses = nameof(WorkflowClasses);
    public const string ClassActivities = nameof(ClassActivities);
    public const string ClassActivityPayloads = nameof(ClassActivityPayloads);
    public const string WorkflowClassRegistrations = nameof(WorkflowClassRegistrations);
    public const string WorkflowClassPayloads = nameof(WorkflowClassPayloads);
    public const string WorkflowRegistrations = nameof(WorkflowRegistrations);
    public const string ActivityRegistrations = nameof(ActivityRegistrations);
    public const string Registration = nameof(Registration);
    public const string AssemblyName = nameof(AssemblyName);
    public const string ReferencedLibraries = nameof(ReferencedLibraries);
    public const string WorkflowPayloads = nameof(WorkflowPayloads);
    public const string ActivityPayloads = nameof(ActivityPayloads);
    public const string DeclaredPayloads = nameof(DeclaredPayloads);
    public const string LinkedContexts = nameof(LinkedContexts);
    public const string SerializerContext = nameof(SerializerContext);
    public const string PayloadDiagnostics = nameof(PayloadDiagnostics);
}
