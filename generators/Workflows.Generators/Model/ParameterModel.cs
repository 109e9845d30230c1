namespace Workflows.Generators.Model;

/// <summary>One input of a workflow or activity (the context and a trailing cancellation token excluded).</summary>
/// <param name="Name">The parameter name, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="Type">Its type.</param>
internal sealed record ParameterModel(string Name, TypeRef Type);
