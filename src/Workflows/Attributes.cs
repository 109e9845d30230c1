namespace Workflows;

/// <summary>
/// Marks a method as a workflow. Its first parameter is <see cref="WorkflowContext"/>, followed by serializable
/// inputs; it returns <see cref="Task"/> or <see cref="Task{TResult}"/>. The name (the method name unless given)
/// is the durable identity recorded in histories. On a class, marks a workflow class instead: its one
/// <see cref="WorkflowRunAttribute"/> method is the workflow, its fields hold the state, and its
/// <see cref="WorkflowSignalAttribute"/> and <see cref="WorkflowQueryAttribute"/> members receive signals and answer
/// queries; the name is then the class name unless given.
/// </summary>
/// <remarks>
/// The source generator in this package emits, for a workflow named <c>Name</c>: <c>ctx.Workflows.NameAsync(...)</c>
/// (a sub-workflow call), <c>client.StartNameAsync(...)</c> and <c>client.RunNameAsync(...)</c>, and registers it in
/// <c>registry.AddGeneratedWorkflows()</c>. The method may be static, or an instance method of a type with a
/// parameterless constructor (a new object per run). It must be internal or public, not generic, and unique by
/// name among the assembly's workflows; the WF2xxx analyzers report what breaks these rules.
/// </remarks>
/// <param name="name">The registered name; the method name when null. A valid C# identifier gets typed stubs.</param>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute(string? name = null) : Attribute
{
    /// <summary>The registered name, or null for the method name.</summary>
    public string? Name { get; } = name;
}

/// <summary>
/// Marks a method as an activity: a side-effecting step whose result is recorded. It takes serializable inputs and
/// an optional trailing <see cref="CancellationToken"/>, and returns a task, a value task or a plain value.
/// </summary>
/// <remarks>
/// The source generator in this package emits, for an activity named <c>Name</c>, <c>ctx.Activities.NameAsync(...)</c>
/// returning <see cref="Task{TResult}"/> of the result (or <see cref="Task"/>); the trailing token is supplied by the
/// worker, not the caller. Static activities are registered by <c>registry.AddGeneratedWorkflows()</c>; instance
/// activities by <c>registry.AddGeneratedWorkflows(instance, ...)</c> or <c>registry.Add{Type}(instance)</c> /
/// <c>registry.Add{Type}(factory)</c>. On a class, it marks every public method the class declares as an activity
/// named after the method (a method's own <see cref="ActivityAttribute"/> still names it).
/// </remarks>
/// <param name="name">The registered name; the method name when null. A valid C# identifier gets a typed stub.</param>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ActivityAttribute(string? name = null) : Attribute
{
    /// <summary>The registered name, or null for the method name.</summary>
    public string? Name { get; } = name;
}
