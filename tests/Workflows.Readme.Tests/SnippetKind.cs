namespace Workflows.Readme.Tests;

/// <summary>How a README snippet becomes compilable code.</summary>
internal enum SnippetKind
{
    /// <summary>A whole C# file, as it stands (the default).</summary>
    File,

    /// <summary>Lines inside a workflow: wrapped in a <c>[Workflow]</c> method whose context is <c>ctx</c>.</summary>
    WorkflowBody,

    /// <summary>
    /// Lines of application code: wrapped in a method that has <c>backend</c>, <c>client</c>, <c>registry</c>,
    /// <c>builder</c> (a WebApplicationBuilder), <c>app</c>, <c>services</c> and <c>cancellationToken</c> in scope.
    /// </summary>
    Statements,
}
