namespace Workflows.Generators.Model;

/// <summary>A type as the emitter spells it.</summary>
/// <param name="FullName">Fully qualified with <c>global::</c>, keeping nullable annotations (for signatures).</param>
/// <param name="TypeOfName">Fully qualified without nullable reference annotations (valid inside <c>typeof</c>).</param>
internal sealed record TypeRef(string FullName, string TypeOfName);
