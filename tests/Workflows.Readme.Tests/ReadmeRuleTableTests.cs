namespace Workflows.Readme.Tests;

/// <summary>The README's table of workflow rules lists every rule page under docs/rules, by its title.</summary>
public sealed class ReadmeRuleTableTests
{
    [Fact]
    public void RuleTable_EveryRulePage_IsListedWithItsTitle()
    {
        string readme = Repository.Readme;
        var pages = Directory.GetFiles(Path.Combine(Repository.Directory, "docs", "rules"), "WF*.md");
        Assert.NotEmpty(pages);

        var missing = new List<string>();
        foreach (string page in pages.Order(StringComparer.Ordinal))
        {
            string id = Path.GetFileNameWithoutExtension(page);
            string title = File.ReadLines(page).First().TrimStart('#', ' ')[(id.Length + 1)..].Trim();
            string row = $"| [{id}](docs/rules/{id}.md) | {title} |";
            if (!readme.Contains(row, StringComparison.Ordinal))
            {
                missing.Add(row);
            }
        }

        Assert.True(missing.Count == 0, $"README.md's rule table lacks these rows:\n{string.Join('\n', missing)}");
    }
}
