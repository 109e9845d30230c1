using System.Text.RegularExpressions;

namespace Workflows.Readme.Tests;

/// <summary>
/// One <c>```csharp</c> block of README.md: its code, the README line its code starts on, and how it is compiled, from
/// an optional <c>&lt;!-- snippet: kind flags --&gt;</c> comment on the line before the fence (see
/// <see cref="SnippetKind"/> and the flags <c>with-previous</c>, <c>with-context</c>).
/// </summary>
internal sealed partial record ReadmeSnippet(int Line, string Code, SnippetKind Kind, bool WithPrevious, bool WithContext)
{
    /// <summary>Every C# block of a markdown file, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> Parse(string markdown)
    {
        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<ReadmeSnippet>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }

            int start = i + 1;
            int end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```")
            {
                end++;
            }

            if (end == lines.Length)
            {
                throw new FormatException($"README.md line {i + 1}: the ```csharp block is never closed.");
            }

            var (kind, withPrevious, withContext) = Tag(i > 0 ? lines[i - 1] : "", i);
            snippets.Add(new ReadmeSnippet(start + 1, string.Join('\n', lines[start..end]), kind, withPrevious, withContext));
            i = end;
        }

        return snippets;
    }

    private static (SnippetKind Kind, bool WithPrevious, bool WithContext) Tag(string line, int fenceIndex)
    {
        var match = TagPattern().Match(line);
        if (!match.Success)
        {
            return (SnippetKind.File, false, false);
        }

        string[] words = match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kind = words[0] switch
        {
            "file" => SnippetKind.File,
            "workflow-body" => SnippetKind.WorkflowBody,
            "statements" => SnippetKind.Statements,
            _ => throw new FormatException($"README.md line {fenceIndex}: unknown snippet kind '{words[0]}' (file, workflow-body, statements)."),
        };
        foreach (string flag in words.Skip(1))
        {
            if (flag is not ("with-previous" or "with-context"))
            {
                throw new FormatException($"README.md line {fenceIndex}: unknown snippet flag '{flag}' (with-previous, with-context).");
            }
        }

        return (kind, words.Contains("with-previous"), words.Contains("with-context"));
    }

    [GeneratedRegex(@"^<!--\s*snippet:\s*(.+?)\s*-->\s*$")]
    private static partial Regex TagPattern();
}
