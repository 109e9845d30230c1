using Microsoft.CodeAnalysis;

namespace Workflows.Analyzers;

/// <summary>The diagnostic descriptors of the rules for using the workflow APIs (WF3xxx).</summary>
internal static class UsageDescriptors
{
    public const string Category = "Workflows.Usage";

    public static readonly DiagnosticDescriptor DuplicatePatchId = new(
        DiagnosticIds.DuplicatePatchId,
        "Give each patch its own id",
        "Patch id '{0}' is already used on line {1} of '{2}'; give each change its own patch id",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An execution answers IsPatched the same way for an id every time it asks, so a second change under the same id follows the first change's answer instead of its own: executions that passed the second point on the old code would take its new branch on replay.",
        helpLinkUri: Descriptors.HelpLink(DiagnosticIds.DuplicatePatchId));
}
