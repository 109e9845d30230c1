namespace Workflows.Generators.Model;

/// <summary>A diagnostic to report, held as plain values so the pipeline can compare it.</summary>
/// <param name="Id">The rule id.</param>
/// <param name="Location">Where to report it, or null for no location.</param>
/// <param name="Arguments">The message arguments.</param>
internal sealed record PayloadDiagnostic(string Id, LocationModel? Location, EquatableArray<string> Arguments);

/// <summary>A source location as plain values.</summary>
/// <param name="FilePath">The file.</param>
/// <param name="Start">Start offset.</param>
/// <param name="Length">Length.</param>
/// <param name="StartLine">Start line (0-based).</param>
/// <param name="StartCharacter">Start column (0-based).</param>
/// <param name="EndLine">End line.</param>
/// <param name="EndCharacter">End column.</param>
internal sealed record LocationModel(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter);

/// <summary>What one declaration (a workflow, an activity, a <c>[WorkflowPayload]</c>, a linked context) adds to the serializer context.</summary>
/// <param name="Types">Every payload type it reaches, sorted by name.</param>
/// <param name="UserContexts">Contexts linked with <c>[WorkflowJsonContext]</c>, fully qualified.</param>
/// <param name="Diagnostics">What cannot be generated, and why.</param>
internal sealed record PayloadRoots(EquatableArray<PayloadTypeModel> Types, EquatableArray<string> UserContexts, EquatableArray<PayloadDiagnostic> Diagnostics)
{
    public static PayloadRoots Empty { get; } = new(EquatableArray<PayloadTypeModel>.Empty, EquatableArray<string>.Empty, EquatableArray<PayloadDiagnostic>.Empty);
}

/// <summary>Everything the serializer context file is written from.</summary>
/// <param name="Types">Every payload type of the assembly, sorted by name, each once.</param>
/// <param name="UserContexts">Linked contexts, sorted.</param>
internal sealed record ContextModel(EquatableArray<PayloadTypeModel> Types, EquatableArray<string> UserContexts);
