using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Workflows.Generators.Tests;

/// <summary>Keeps the generator's payload rules, their pages and their release notes in step.</summary>
public sealed partial class PayloadRuleMetaTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors =
        [PayloadDiagnostics.InaccessiblePayloadType, PayloadDiagnostics.UnsupportedPayloadType, PayloadDiagnostics.InvalidLinkedContext];

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "generators", "Workflows.Generators")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found from " + AppContext.BaseDirectory);
    }

    [Fact]
    public void PayloadRules_Each_HasPageWithBadAndGoodCode()
    {
        Assert.All(s_descriptors, d =>
        {
            Assert.Equal(RulesBase() + d.Id + ".md", d.HelpLinkUri);
            var page = Path.Combine(RepositoryRoot(), "docs", "rules", d.Id + ".md");
            Assert.True(File.Exists(page), "missing " + page);
            var text = File.ReadAllText(page);
            Assert.StartsWith("# " + d.Id, text, StringComparison.Ordinal);
            Assert.Contains("## Bad", text, StringComparison.Ordinal);
            Assert.Contains("## Good", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void PayloadRules_Each_HasReleaseEntryWithSameSeverity()
    {
        var directory = Path.Combine(RepositoryRoot(), "generators", "Workflows.Generators");
        var text = File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Unshipped.md")) + "\n" + File.ReadAllText(Path.Combine(directory, "AnalyzerReleases.Shipped.md"));
        Assert.All(s_descriptors, d =>
        {
            var entry = ReleaseLine().Matches(text).FirstOrDefault(m => m.Groups["id"].Value == d.Id);
            Assert.True(entry is not null, "no release entry for " + d.Id);
            Assert.Equal(d.DefaultSeverity.ToString(), entry.Groups["severity"].Value);
        });
    }

    [Fact]
    public void GeneratorDocs_ListEveryPayloadRule()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "generator.md"));
        Assert.All(s_descriptors, d => Assert.Contains($"[{d.Id}](rules/{d.Id}.md)", page, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^(?<id>WF\d{4})\s*\|\s*[^|]+\|\s*(?<severity>\w+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex ReleaseLine();

    // The project's home as the build saw it (RepositoryUrl in Directory.Build.props), so a link that still names an
    // old address fails here.
    private static string RulesBase()
        => typeof(PayloadRuleMetaTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryUrl").Value + "/blob/main/docs/rules/";
}
