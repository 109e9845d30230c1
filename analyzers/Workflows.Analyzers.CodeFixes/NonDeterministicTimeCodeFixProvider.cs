using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Workflows.Analyzers.CodeFixes;

/// <summary>WF1001 fix: replaces system clock reads with <c>ctx.Now</c> (or <c>ctx.Now.UtcDateTime</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonDeterministicTimeCodeFixProvider))]
public sealed class NonDeterministicTimeCodeFixProvider : ContextReplacementCodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NonDeterministicTime);
}
