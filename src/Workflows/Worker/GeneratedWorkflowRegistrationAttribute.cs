using System.ComponentModel;

namespace Workflows.Worker;

/// <summary>
/// Written by the source generator into every assembly that declares <c>[Workflow]</c> or <c>[Activity]</c>
/// methods: names the assembly's public registration class (<c>{Assembly}WorkflowRegistration</c>, with
/// <c>registry.Add{Assembly}Workflows(...)</c>). The generator of a project that references the assembly finds it,
/// so that project's <c>registry.AddGeneratedWorkflows(...)</c> registers the referenced assembly's workflows and
/// activities along with its own. Not meant to be written by hand.
/// </summary>
/// <param name="registrationType">The generated public static class that registers the assembly's definitions.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedWorkflowRegistrationAttribute(Type registrationType) : Attribute
{
    /// <summary>The generated public static class that registers the assembly's definitions.</summary>
    public Type RegistrationType { get; } = registrationType;
}
