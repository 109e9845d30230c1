using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>WF1002 fix: replaces <c>Guid.NewGuid()</c> with <c>ctx.NewGuid()</c> and <c>new Random()</c> or <c>Random.Shared</c> with <c>ctx.Random</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonDeterministicRandomCodeFixProvider))]
public sealed class NonDeterministicRandomCodeFixProvider : ContextReplacementCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NonDeterministicRandom);
}
