namespace Workflows;

/// <summary>
/// Marks a method as a workflow. Its first parameter is <see cref="WorkflowContext"/>, followed by serializable
/// inputs; it returns <see cref="Task"/> or <see cref="Task{TResult}"/>. The name (the method name unless given)
/// is the durable identity recorded in histories.
/// </summary>
/// <param name="name">The registered name; the method name when null.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute(string? name = null) : Attribute
{
    /// <summary>The registered name, or null for the method name.</summary>
    public string? Name { get; } = name;
}

/// <summary>
/// Marks a method as an activity: a side-effecting step whose result is recorded. It takes serializable inputs and
/// an optional trailing <see cref="CancellationToken"/>, and returns a task, a value task or a plain value.
/// </summary>
/// <param name="name">The registered name; the method name when null.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ActivityAttribute(string? name = null) : Attribute
{
    /// <summary>The registered name, or null for the method name.</summary>
    public string? Name { get; } = name;
}
