namespace Workflows.Generators.Tests;

public sealed class GeneratedCodeTests
{
    [Theory]
    [MemberData(nameof(Sources.All), MemberType = typeof(Sources))]
    public void Generate_Source_MatchesSnapshots(string source)
    {
        var (result, _) = GeneratorHarness.Run(Sources.Get(source));

        Assert.NotEmpty(result.GeneratedSources);
        foreach (var generated in result.GeneratedSources)
        {
            Snapshot.Verify($"{source}/{generated.HintName[..^".g.cs".Length]}", generated.SourceText.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Sources.All), MemberType = typeof(Sources))]
    public void Generate_Source_CompilesWithoutWarnings(string source)
    {
        var (_, output) = GeneratorHarness.Run(Sources.Get(source));

        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Count == 0, GeneratorHarness.Format(problems));
    }

    [Fact]
    public void Generate_AllSourcesTogether_CompilesWithoutWarnings()
    {
        var (_, output) = GeneratorHarness.Run(Sources.Shapes, Sources.Edges);

        var problems = GeneratorHarness.Problems(output);
        Assert.True(problems.Count == 0, GeneratorHarness.Format(problems));
    }

    [Fact]
    public void Generate_InvalidDeclarations_SkippedSilently()
    {
        var (result, output) = GeneratorHarness.Run(Sources.Invalid);

        Assert.Empty(result.Diagnostics);
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_NoWorkflowsOrActivities_EmitsNothing()
    {
        var (result, _) = GeneratorHarness.Run("public static class Plain { public static int One() => 1; }");

        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Generate_DuplicateNameInOneType_DoesNotCrash()
    {
        const string source = """
            public static class Twice
            {
                [Activity] public static int Same(int a) => a;
                [Activity] public static int Same(string a) => a.Length;
            }
            """;

        var (result, _) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        Assert.Equal(
            ["Twice.Same.Activity.g.cs", "Twice.Same_1.Activity.g.cs", "Workflows.AssemblyWorkflowRegistration.g.cs", "Workflows.GeneratedPayloadJsonContext.g.cs", "Workflows.GeneratedWorkflowRegistration.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generate_WorkflowInvoker_NeverUsesConfigureAwait()
    {
        var (result, _) = GeneratorHarness.Run(Sources.Shapes);

        foreach (var source in result.GeneratedSources.Where(s => s.HintName.EndsWith(".Workflow.g.cs", StringComparison.Ordinal)))
        {
            string text = source.SourceText.ToString();
            string definition = text[text.IndexOf("WorkflowDefinition(", StringComparison.Ordinal)..];
            Assert.DoesNotContain("ConfigureAwait", definition, StringComparison.Ordinal);
            Assert.Matches(@"await (new )?global::", definition);
        }
    }
}
