namespace Workflows.Readme.Tests;

/// <summary>Every C# block in README.md compiles, with the generator and without WF analyzer findings.</summary>
public sealed class ReadmeSnippetTests
{
    public static TheoryData<int> SnippetLines => [.. Repository.Snippets.Select(s => s.Line)];

    [Theory]
    [MemberData(nameof(SnippetLines))]
    public async Task Snippet_AtReadmeLine_CompilesWithoutWarnings(int line)
    {
        var snippets = Repository.Snippets;
        int index = snippets.ToList().FindIndex(s => s.Line == line);

        var problems = await SnippetCompiler.CompileAsync(snippets, index, Repository.SnippetContext);

        Assert.True(problems.Count == 0, $"The README.md snippet at line {line} does not compile cleanly:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void Parse_Readme_FindsTheManualsSnippets()
    {
        // A README whose fences stopped being recognised would otherwise pass with nothing compiled.
        Assert.True(Repository.Snippets.Count >= 20, $"Only {Repository.Snippets.Count} C# snippets were found in README.md.");
        Assert.Contains(Repository.Snippets, s => s.Kind == SnippetKind.WorkflowBody);
        Assert.Contains(Repository.Snippets, s => s.Kind == SnippetKind.Statements);
    }

    [Fact]
    public async Task CompileAsync_BrokenFragment_NamesTheReadmeLine()
    {
        const string markdown = """
            # Title

            <!-- snippet: workflow-body -->
            ```csharp
            int ok = 1;
            string wrong = ok;
            ```
            """;
        var problems = await CompileLastAsync(markdown);

        Assert.Contains(problems, p => p.StartsWith("README.md line 6: CS0029", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompileAsync_NonDeterministicWorkflowCode_ReportsTheRule()
    {
        const string markdown = """
            <!-- snippet: workflow-body -->
            ```csharp
            var now = DateTime.UtcNow;
            await ctx.DelayAsync(TimeSpan.FromSeconds(now.Second));
            ```
            """;
        var problems = await CompileLastAsync(markdown);

        Assert.Contains(problems, p => p.StartsWith("README.md line 3: WF1001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompileAsync_SnippetUsingGeneratedStubs_SeesTheGeneratedCode()
    {
        const string markdown = """
            ```csharp
            using Workflows;

            public static class Greetings
            {
                [Workflow]
                public static async Task<string> Greet(WorkflowContext ctx, string name) => await ctx.Activities.FormatAsync(name);

                [Activity]
                public static string Format(string name) => $"Hello, {name}";
            }
            ```

            <!-- snippet: statements with-previous -->
            ```csharp
            string greeting = await client.RunGreetAsync("Ada");
            registry.AddGeneratedWorkflows();
            ```
            """;

        Assert.Empty(await CompileLastAsync(markdown));
    }

    [Fact]
    public void Parse_UnknownKind_IsRejectedWithItsLine()
    {
        var ex = Assert.Throws<FormatException>(() => ReadmeSnippet.Parse("<!-- snippet: body -->\n```csharp\nint x = 1;\n```\n"));

        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'body'", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Compiles the last C# block of <paramref name="markdown"/> (with what it asks for) as the README test does.</summary>
    private static Task<IReadOnlyList<string>> CompileLastAsync(string markdown)
    {
        var snippets = ReadmeSnippet.Parse(markdown);
        return SnippetCompiler.CompileAsync(snippets, snippets.Count - 1, Repository.SnippetContext);
    }
}
