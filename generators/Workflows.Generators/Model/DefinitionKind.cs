namespace Workflows.Generators.Model;

/// <summary>What a marked method is.</summary>
internal enum DefinitionKind
{
    Workflow,
    Activity,
}
