namespace Workflows.Generators.Model;

/// <summary>
/// What the registration file needs about one definition. It holds no signature, so changing a method's
/// parameters leaves the registration file untouched.
/// </summary>
/// <param name="Kind">Workflow or activity.</param>
/// <param name="Name">The registered name (for sorting and docs).</param>
/// <param name="StubsClass">The generated class holding the definition factory, fully qualified.</param>
/// <param name="DefinitionMethod">The factory method.</param>
/// <param name="InstanceType">For instance activities, the declaring type (the factory takes a <c>Func</c> of it); null otherwise.</param>
internal sealed record RegistrationEntry(DefinitionKind Kind, string Name, string StubsClass, string DefinitionMethod, DeclaringTypeModel? InstanceType);
