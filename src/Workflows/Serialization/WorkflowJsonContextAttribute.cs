namespace Workflows.Serialization;

/// <summary>
/// Links a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> of your own to the payload converter.
/// It is consulted before the metadata the Workflows generator emits, so it owns the types it declares; the
/// generator emits nothing for those types.
/// </summary>
/// <remarks>
/// <code>[assembly: WorkflowJsonContext(typeof(AppJsonContext))]</code>
/// The context needs a parameterless constructor (System.Text.Json's generator writes one). The generated
/// code registers an instance of it when the assembly loads.
/// </remarks>
/// <param name="contextType">A type deriving from <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class WorkflowJsonContextAttribute(Type contextType) : Attribute
{
    /// <summary>The context type.</summary>
    public Type ContextType { get; } = contextType;
}
