using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Analyzers.Tests;

/// <summary>
/// Scores the analyzers against the evaluation corpus in tests/Workflows.Analyzers.Corpus: small workflow
/// fragments, each headed by <c>// @fragment Id bad|good reach [WF ids]</c>, compiled together in one
/// compilation with every analyzer. A bad fragment is detected when each id it names is reported in it; a
/// good fragment raises a false alarm when any determinism rule reports in it. The rates are written in
/// docs/analyzers.md, and this test keeps that sentence true.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    private const string Header = "// @fragment ";

    private sealed record Fragment(string Id, bool Bad, string Reach, ImmutableArray<string> Expected, string Source, string File);

    private static string CorpusDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Workflows.Analyzers.Corpus", "fragments");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Workflows.Analyzers.Corpus/fragments not found from " + AppContext.BaseDirectory);
    }

    private static List<Fragment> ReadFragments()
    {
        var fragments = new List<Fragment>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
        {
            string? header = null;
            var body = new StringBuilder();
            void Flush()
            {
                if (header is null)
                {
                    return;
                }

                var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3 || parts[1] is not ("bad" or "good"))
                {
                    throw new InvalidOperationException($"{Path.GetFileName(file)}: malformed header '{header}'");
                }

                var expected = parts.Skip(3).ToImmutableArray();
                if ((parts[1] == "bad") != (expected.Length > 0))
                {
                    throw new InvalidOperationException($"{parts[0]}: a bad fragment names the rules it breaks, a good one none");
                }

                fragments.Add(new Fragment(parts[0], parts[1] == "bad", parts[2], expected, body.ToString(), Path.GetFileName(file)));
                body.Clear();
            }

            foreach (var line in File.ReadAllLines(file))
            {
                if (line.StartsWith(Header, StringComparison.Ordinal))
                {
                    Flush();
                    header = line.Substring(Header.Length).Trim();
                }
                else if (header is not null)
                {
                    body.AppendLine(line);
                }
            }

            Flush();
        }

        return fragments;
    }

    [Fact]
    public async Task Corpus_AllFragments_DetectedWithoutFalseAlarmsAsDocumented()
    {
        var fragments = ReadFragments();
        Assert.True(fragments.Count >= 150, $"the corpus has {fragments.Count} fragments");
        Assert.Equal(fragments.Count, fragments.Select(f => f.Id).Distinct(StringComparer.Ordinal).Count());

        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(WorkflowsStub.GlobalUsings, path: "GlobalUsings.cs") };
        trees.AddRange(fragments.Select(f => CSharpSyntaxTree.ParseText(f.Source, path: f.Id + ".cs")));
        var compilation = CSharpCompilation.Create(
            "Corpus",
            trees,
            [.. TestReferences.All, TestReferences.Sdk],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the corpus does not compile:\n" + string.Join("\n", errors.Take(20)));

        var analyzers = AllAnalyzersTests.AnalyzerTypes()
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => a is not DiagnosticSuppressor)
            .ToImmutableArray();
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        var byFragment = diagnostics
            .Where(d => d.Id.StartsWith("WF1", StringComparison.Ordinal))
            .GroupBy(d => Path.GetFileNameWithoutExtension(d.Location.SourceTree?.FilePath ?? string.Empty), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(d => d.Id).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

        var bad = fragments.Where(f => f.Bad).ToList();
        var good = fragments.Where(f => !f.Bad).ToList();
        var missed = bad.Where(f => !f.Expected.All(id => byFragment.TryGetValue(f.Id, out var ids) && ids.Contains(id))).ToList();
        var falseAlarms = good.Where(f => byFragment.ContainsKey(f.Id)).ToList();

        var report = new StringBuilder();
        foreach (var reach in fragments.Select(f => f.Reach).Distinct(StringComparer.Ordinal).OrderBy(r => r, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{reach}: bad {bad.Count(f => f.Reach == reach)} (missed {missed.Count(f => f.Reach == reach)}), good {good.Count(f => f.Reach == reach)} (false alarms {falseAlarms.Count(f => f.Reach == reach)})");
        }

        foreach (var f in missed)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"missed {f.Id} ({f.File}, {f.Reach}): expected {string.Join(",", f.Expected)}, got {string.Join(",", byFragment.GetValueOrDefault(f.Id) ?? [])}");
        }

        foreach (var f in bad.Where(f => byFragment.TryGetValue(f.Id, out var ids) && ids.Except(f.Expected).Any()))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"also reported in {f.Id}: {string.Join(",", byFragment[f.Id].Except(f.Expected))}");
        }

        foreach (var f in falseAlarms)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"false alarm {f.Id} ({f.File}, {f.Reach}): {string.Join(",", byFragment[f.Id])}");
        }

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"detect {bad.Count - missed.Count} of {bad.Count} bad fragments ({100.0 * (bad.Count - missed.Count) / bad.Count:F1} %) and raise {falseAlarms.Count} false alarms on {good.Count} good fragments");
        output.WriteLine(summary);
        output.WriteLine(report.ToString());

        Assert.True(falseAlarms.Count == 0, "false alarms:\n" + report);
        var docs = File.ReadAllText(Path.Combine(CorpusDirectory(), "..", "..", "..", "docs", "analyzers.md"));
        Assert.True(docs.Contains(summary, StringComparison.Ordinal), "docs/analyzers.md should say: " + summary + "\n" + report);
    }
}
