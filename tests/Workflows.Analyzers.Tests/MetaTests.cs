using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Workflows.Analyzers.Tests;

/// <summary>Keeps ids, descriptors, documentation pages and release notes in step.</summary>
public partial class MetaTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "analyzers", "Workflows.Analyzers")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found from " + AppContext.BaseDirectory);
    }

    private static List<DiagnosticDescriptor> AllDescriptors() =>
        AllAnalyzersTests.AnalyzerTypes()
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .Where(a => a is not DiagnosticSuppressor)
            .SelectMany(a => a.SupportedDiagnostics)
            .ToList();

    private static List<string> DeclaredRuleIds() =>
        typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .Where(id => id.StartsWith("WF1", StringComparison.Ordinal) || id.StartsWith("WF2", StringComparison.Ordinal) || id.StartsWith("WF3", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public void DiagnosticIds_EachRuleId_HasExactlyOneDescriptor()
    {
        var descriptorIds = AllDescriptors().Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.Equal(DeclaredRuleIds().OrderBy(id => id, StringComparer.Ordinal), descriptorIds);
    }

    [Fact]
    public void Descriptors_Each_HasHelpLinkToItsDocsPage()
    {
        Assert.All(AllDescriptors(), d => Assert.Equal(RulesBase() + d.Id + ".md", d.HelpLinkUri));
    }

    [Fact]
    public void Descriptors_Each_HasDocsPageWithBadAndGoodCode()
    {
        Assert.All(AllDescriptors(), d =>
        {
            var page = Path.Combine(RepositoryRoot, "docs", "rules", d.Id + ".md");
            Assert.True(File.Exists(page), "missing " + page);
            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + d.Id, text, StringComparison.Ordinal);
            Assert.Contains("```csharp", text, StringComparison.Ordinal);
            Assert.Contains("## Bad", text, StringComparison.Ordinal);
            Assert.Contains("## Good", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Descriptors_Each_HasReleaseEntryWithSameSeverity()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot, "analyzers", "Workflows.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot, "analyzers", "Workflows.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.All(AllDescriptors(), d =>
        {
            var entry = ReleaseLine().Matches(unshipped + "\n" + shipped).FirstOrDefault(m => m.Groups["id"].Value == d.Id);
            Assert.True(entry is not null, "no release entry for " + d.Id);
            Assert.Equal(d.DefaultSeverity.ToString(), entry.Groups["severity"].Value);
        });
    }

    [Fact]
    public void AnalyzersIndex_EveryDescriptor_IsListed()
    {
        var index = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "analyzers.md"));
        Assert.All(AllDescriptors(), d => Assert.Contains($"[{d.Id}](rules/{d.Id}.md)", index, StringComparison.Ordinal));
    }

    [Fact]
    public void Descriptors_MessageFormats_NameApiReplacementAndChain()
    {
        // Determinism rules name an API reached from a workflow; definition rules (WF2xxx) name the method itself.
        Assert.All(AllDescriptors().Where(d => d.Category == Descriptors.Category), d =>
        {
            var format = d.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("{0}", format, StringComparison.Ordinal);
            Assert.Contains("{1}", format, StringComparison.Ordinal);
            Assert.Contains("(reached from {2})", format, StringComparison.Ordinal);

            // The replacement quotes its own code, so a phrase such as "an activity ('ctx.ExecuteActivityAsync')"
            // reads as a sentence instead of being quoted whole.
            Assert.DoesNotContain("'{1}'", format, StringComparison.Ordinal);
            Assert.Contains("use {1} instead", format, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Descriptors_CodeFixColumnAndPage_SayYesExactlyWhenAProviderFixesTheRule()
    {
        var fixedIds = typeof(CodeFixes.AsyncVoidCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => ((Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!).FixableDiagnosticIds)
            .ToHashSet(StringComparer.Ordinal);
        var index = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "analyzers.md"));
        Assert.All(AllDescriptors(), d =>
        {
            string expected = fixedIds.Contains(d.Id) ? "Yes" : "No";
            var row = Regex.Match(index, $@"^\| \[{d.Id}\]\(rules/{d.Id}\.md\) \|.*\| (?<fix>[^|]+) \|$", RegexOptions.Multiline);
            Assert.True(row.Success, "no row for " + d.Id + " in docs/analyzers.md");
            Assert.True(row.Groups["fix"].Value.StartsWith(expected, StringComparison.Ordinal), $"docs/analyzers.md: {d.Id} code fix should start with {expected}");
            var page = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "rules", d.Id + ".md"));
            Assert.True(page.Contains("| Code fix | " + expected, StringComparison.Ordinal), $"docs/rules/{d.Id}.md: code fix should start with {expected}");
        });
    }

    [GeneratedRegex(@"^(?<id>WF\d{4})\s*\|\s*[^|]+\|\s*(?<severity>\w+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex ReleaseLine();

    // The project's home as the build saw it (RepositoryUrl in Directory.Build.props), so a link that still names an
    // old address fails here.
    private static string RulesBase()
        => typeof(MetaTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryUrl").Value + "/blob/main/docs/rules/";
}
