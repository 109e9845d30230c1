namespace Workflows.Serialization;

/// <summary>
/// Declares a payload type the generator cannot see in a <c>[Workflow]</c> or <c>[Activity]</c> signature: a
/// signal value (<c>ctx.Signals&lt;T&gt;(name)</c>), a side-effect result, or an argument of a workflow or activity
/// called by name. The generated serializer context then holds metadata for it and everything it reaches.
/// </summary>
/// <remarks>
/// Put it on the workflow method or class that uses the type, or on the assembly:
/// <code>[Workflow, WorkflowPayload(typeof(Approval))]</code>
/// <code>[assembly: WorkflowPayload(typeof(Approval))]</code>
/// </remarks>
/// <param name="type">The payload type.</param>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class WorkflowPayloadAttribute(Type type) : Attribute
{
    /// <summary>The payload type.</summary>
    public Type Type { get; } = type;
}
