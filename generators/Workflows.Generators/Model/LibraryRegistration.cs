namespace Workflows.Generators.Model;

/// <summary>
/// A referenced assembly's generated public registration, found through its
/// <c>[assembly: GeneratedWorkflowRegistration(typeof(...))]</c> marker.
/// </summary>
/// <param name="AssemblyName">The referenced assembly (for sorting and docs).</param>
/// <param name="ClassFullName">Its public registration class, fully qualified with <c>global::</c>.</param>
/// <param name="MethodName">Its <c>Add{Assembly}Workflows</c> method.</param>
/// <param name="InstanceTypes">The activity classes its widest overload binds to one object each, in parameter order.</param>
internal sealed record LibraryRegistration(string AssemblyName, string ClassFullName, string MethodName, EquatableArray<InstanceParameter> InstanceTypes);

/// <summary>An activity class a registration method takes an object of.</summary>
/// <param name="FullName">The type, fully qualified with <c>global::</c>.</param>
/// <param name="Name">The type's own name, for the parameter name.</param>
internal sealed record InstanceParameter(string FullName, string Name);
