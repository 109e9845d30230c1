using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers;

namespace Workflows.Generators.Tests;

/// <summary>The generator skips silently; the WF2xxx analyzers must explain every skip, and nothing else.</summary>
public sealed class AnalyzerAgreementTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_definitionAnalyzers =
    [
        .. typeof(DefinitionAnalyzerBase).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(DefinitionAnalyzerBase)))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    [Fact]
    public async Task InvalidDeclarations_EverySkippedMethodIsReported()
    {
        var compilation = GeneratorHarness.CreateCompilation(Sources.Invalid);
        var (result, _) = GeneratorHarness.Run(Sources.Invalid);
        Assert.Empty(result.GeneratedSources);

        var diagnostics = await compilation.WithAnalyzers(s_definitionAnalyzers).GetAnalyzerDiagnosticsAsync();

        var marked = MarkedMethods(compilation);
        Assert.Equal(12, marked.Count);
        var reported = diagnostics.Select(EnclosingMethod).ToHashSet(StringComparer.Ordinal);
        Assert.All(marked, m => Assert.Contains(m, reported));
    }

    [Fact]
    public async Task InvalidClasses_EverySkippedClassIsReported()
    {
        var compilation = GeneratorHarness.CreateCompilation(Sources.InvalidClasses);
        var (result, _) = GeneratorHarness.Run(Sources.InvalidClasses);
        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);

        var diagnostics = await compilation.WithAnalyzers([new WorkflowClassAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        string[] classes = ["TwoRuns", "NoRun", "RunWithoutContext", "BadSignal", "AsyncQuery", "NeedsArguments"];
        var reported = diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(classes, c => Assert.Contains(reported, m => m.Contains($"'{c}'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ValidClasses_NotReportedByClassAnalyzer()
    {
        var compilation = GeneratorHarness.CreateCompilation(Sources.Classes);

        var diagnostics = await compilation.WithAnalyzers([new WorkflowClassAnalyzer(), new QuerySideEffectAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        Assert.Empty(diagnostics);
    }

    [Theory]
    [MemberData(nameof(Sources.All), MemberType = typeof(Sources))]
    public async Task ValidDeclarations_GeneratedAndNotReported(string source)
    {
        var compilation = GeneratorHarness.CreateCompilation(Sources.Get(source));

        var diagnostics = await compilation.WithAnalyzers(s_definitionAnalyzers).GetAnalyzerDiagnosticsAsync();

        // Only the deliberate non-identifier name may be reported: it is generated, without a typed stub.
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticIds.InvalidDefinitionName, d.Id));
    }

    private static List<string> MarkedMethods(Compilation compilation)
        => compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
            .Where(m => m.AttributeLists.Count > 0)
            .Select(m => m.Identifier.ValueText)
            .ToList();

    private static string EnclosingMethod(Diagnostic diagnostic)
    {
        var tree = diagnostic.Location.SourceTree!;
        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan);
        var method = node.AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().First();
        return method.Identifier.ValueText;
    }
}
