namespace Workflows.Generators.Model;

/// <summary>The type that declares a workflow or activity, and the static class its stubs go into.</summary>
/// <param name="Name">The type's own name.</param>
/// <param name="Namespace">The namespace, empty for the global namespace.</param>
/// <param name="FullName">The type, fully qualified with <c>global::</c>.</param>
/// <param name="FlatName">Containing type names joined with '_' (e.g. <c>Outer_Inner</c>), unique in the namespace.</param>
/// <param name="IsPublic">Whether the type is visible outside its assembly; the stubs class follows it.</param>
internal sealed record DeclaringTypeModel(string Name, string Namespace, string FullName, string FlatName, bool IsPublic)
{
    /// <summary>The generated static class holding the stubs and definitions of this type's methods.</summary>
    public string StubsClassName => FlatName + "Stubs";

    /// <summary>The stubs class, fully qualified.</summary>
    public string StubsClassFullName => "global::" + (Namespace.Length == 0 ? "" : Namespace + ".") + StubsClassName;
}
