namespace Workflows;

/// <summary>
/// Marks the run method of a <see cref="WorkflowAttribute"/> class: the workflow itself. Like the method form, it
/// takes <see cref="WorkflowContext"/> first, then serializable inputs, and returns <see cref="Task"/> or
/// <see cref="Task{TResult}"/>. A class has exactly one.
/// </summary>
/// <remarks>
/// The runtime creates a new object of the class (parameterless constructor) for every execution and every replay,
/// then calls this method on it. The context is a parameter, not a constructor argument, so the constructor cannot
/// reach workflow APIs before the run starts, and one rule covers both forms.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowRunAttribute : Attribute;

/// <summary>
/// Marks a signal handler of a <see cref="WorkflowAttribute"/> class: a method with one serializable parameter that
/// returns <see cref="void"/> or <see cref="Task"/>. The runtime calls it on the workflow scheduler when the signal's
/// event is applied, in history order, before the run method continues; it is workflow code.
/// </summary>
/// <param name="name">The signal name; the method name when null.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowSignalAttribute(string? name = null) : Attribute
{
    /// <summary>The signal name, or null for the method name.</summary>
    public string? Name { get; } = name;
}

/// <summary>
/// Marks a query of a <see cref="WorkflowAttribute"/> class: a property, or a method with serializable parameters,
/// returning a serializable value (not a task). It reads the workflow's fields and changes nothing; it is answered in
/// the caller's process by replaying the committed history.
/// </summary>
/// <param name="name">The query name; the member name when null.</param>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowQueryAttribute(string? name = null) : Attribute
{
    /// <summary>The query name, or null for the member name.</summary>
    public string? Name { get; } = name;
}
