using Microsoft.CodeAnalysis;

namespace Workflows.Generators;

/// <summary>What the serializer-context generator reports: payload types it cannot describe, and why.</summary>
internal static class PayloadDiagnostics
{
    public const string InaccessiblePayloadTypeId = "WF2101";
    public const string UnsupportedPayloadTypeId = "WF2102";
    public const string InvalidLinkedContextId = "WF2103";

    private const string Category = "Workflows.Serialization";
    private const string HelpBase = Workflows.CodeAnalysis.ProjectHome.RulesBase;

    public static readonly DiagnosticDescriptor InaccessiblePayloadType = new(
        InaccessiblePayloadTypeId,
        "Payload type is not accessible to generated serializer metadata",
        "Payload type '{0}', reached from {1}, gets no generated serializer metadata: {2}. Make it internal or public, or link a JsonSerializerContext that owns it with [assembly: WorkflowJsonContext(typeof(...))]; until then it needs reflection, which trimmed and NativeAOT workers do not have.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + InaccessiblePayloadTypeId + ".md");

    public static readonly DiagnosticDescriptor UnsupportedPayloadType = new(
        UnsupportedPayloadTypeId,
        "Payload type has a shape generated serializer metadata does not support",
        "Payload type '{0}', reached from {1}, gets no generated serializer metadata: {2}. Link a JsonSerializerContext that owns it with [assembly: WorkflowJsonContext(typeof(...))], give it a [JsonConverter], or use a supported shape; until then it needs reflection, which trimmed and NativeAOT workers do not have.",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + UnsupportedPayloadTypeId + ".md");

    public static readonly DiagnosticDescriptor InvalidLinkedContext = new(
        InvalidLinkedContextId,
        "Linked serializer context is not usable",
        "'{0}' cannot be linked with [assembly: WorkflowJsonContext]: {1}. Link a non-abstract, non-generic class deriving from JsonSerializerContext that the assembly can reach.",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + InvalidLinkedContextId + ".md");

    public static DiagnosticDescriptor Get(string id) => id switch
    {
        InaccessiblePayloadTypeId => InaccessiblePayloadType,
        UnsupportedPayloadTypeId => UnsupportedPayloadType,
        _ => InvalidLinkedContext,
    };
}
