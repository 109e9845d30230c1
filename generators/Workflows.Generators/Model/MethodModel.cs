using Workflows.CodeAnalysis;

namespace Workflows.Generators.Model;

/// <summary>Everything the emitter needs to know about one <c>[Workflow]</c> or <c>[Activity]</c> method.</summary>
/// <param name="Kind">Workflow or activity.</param>
/// <param name="Name">The registered (durable) name.</param>
/// <param name="StubName">The typed call's base name (a valid identifier), or null when the name is not one.</param>
/// <param name="MethodName">The method's own name.</param>
/// <param name="MemberSuffix">Distinguishes overloads of one method name in generated member and file names ("" or "_1", "_2", ...).</param>
/// <param name="Type">The declaring type.</param>
/// <param name="IsStatic">Whether the method is static; instance workflows get a new object per run, instance activities one from a factory.</param>
/// <param name="IsPublic">Whether the method and all types in its signature are public, so its stubs can be.</param>
/// <param name="Parameters">The inputs, in order.</param>
/// <param name="ReturnKind">How the method returns.</param>
/// <param name="Result">The result type, or null when there is none.</param>
/// <param name="TakesCancellationToken">Whether an activity takes a trailing <c>CancellationToken</c>.</param>
internal sealed record MethodModel(
    DefinitionKind Kind,
    string Name,
    string? StubName,
    string MethodName,
    string MemberSuffix,
    DeclaringTypeModel Type,
    bool IsStatic,
    bool IsPublic,
    EquatableArray<ParameterModel> Parameters,
    ReturnKind ReturnKind,
    TypeRef? Result,
    bool TakesCancellationToken)
{
    /// <summary>The generated factory method that builds this method's definition.</summary>
    public string DefinitionMethodName => MethodName + MemberSuffix + Kind + "Definition";

    /// <summary>A deterministic, unique file name.</summary>
    public string HintName => (Type.Namespace.Length == 0 ? "" : Type.Namespace + ".") + Type.FlatName + "." + MethodName + MemberSuffix + "." + Kind + ".g.cs";
}
