using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Workflows.Generators.Tests;

public sealed class IncrementalTests
{
    private const string WorkflowsFile = """
        namespace Inc;

        public static class Flows
        {
            [Workflow]
            public static async Task<int> Total(WorkflowContext ctx, int a)
            {
                return await ctx.Activities.AddAsync(a, 1) + await ctx.Activities.DoubleAsync(a);
            }

            [Workflow]
            public static Task Idle(WorkflowContext ctx) => Task.CompletedTask;
        }
        """;

    private const string ActivitiesFile = """
        namespace Inc;

        public static class Steps
        {
            // Adds two numbers.
            [Activity]
            public static int Add(int a, int b) => a + b;

            [Activity]
            public static int Double(int a) => a * 2;
        }
        """;

    private static readonly IncrementalStepRunReason[] s_unchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    [Fact]
    public void Run_SecondTimeWithoutChange_EverythingCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(WorkflowsFile, ActivitiesFile);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var result = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertAllOutputs(result, IncrementalStepRunReason.Cached);
        AssertStep(result, TrackingNames.Workflows, IncrementalStepRunReason.Cached);
        AssertStep(result, TrackingNames.Activities, IncrementalStepRunReason.Cached);
    }

    [Theory]
    [InlineData("=> a + b;", "=> b + a;")]
    [InlineData("// Adds two numbers.", "// Adds two numbers, in either order.")]
    [InlineData("public static int Double(int a) => a * 2;", "public static int Double(int a)\n    {\n        return a + a;\n    }")]
    public void Run_EditBodyOrComment_OutputsUnchanged(string before, string after)
    {
        var (first, second) = RunWithEdit(before, after);

        AssertStep(second, TrackingNames.Activities, s_unchanged);
        AssertStep(second, TrackingNames.Workflows, IncrementalStepRunReason.Cached);
        AssertStep(second, TrackingNames.Registration, s_unchanged);
        AssertStep(second, TrackingNames.ActivityPayloads, s_unchanged);
        AssertStep(second, TrackingNames.SerializerContext, s_unchanged);
        AssertAllOutputs(second, s_unchanged);
        Assert.Equal(Texts(first), Texts(second));
    }

    [Fact]
    public void Run_SignatureChange_RewritesOnlyThatMethodsFile()
    {
        var (first, second) = RunWithEdit("public static int Add(int a, int b)", "public static long Add(long a, int b)");

        var before = Texts(first);
        var after = Texts(second);
        Assert.Equal(before.Keys, after.Keys);
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        // `long` is a new payload type, so the serializer context changes with the method's own file.
        Assert.Equal(["Inc.Steps.Add.Activity.g.cs", "Workflows.GeneratedPayloadJsonContext.g.cs"], changed);

        var activityOutputs = second.TrackedSteps[TrackingNames.Activities].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Single(activityOutputs, IncrementalStepRunReason.Modified);
        Assert.Equal(2, activityOutputs.Count);
        Assert.Contains(activityOutputs.Single(r => r != IncrementalStepRunReason.Modified), s_unchanged);
        AssertStep(second, TrackingNames.Workflows, IncrementalStepRunReason.Cached);
        AssertStep(second, TrackingNames.Registration, s_unchanged);

        AssertStep(second, TrackingNames.SerializerContext, IncrementalStepRunReason.Modified);

        var sourceOutputs = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, sourceOutputs.Count(r => r == IncrementalStepRunReason.Modified));
    }

    [Fact]
    public void Run_NewActivity_AddsItsFileAndRewritesRegistration()
    {
        var (first, second) = RunWithEdit("[Activity]\n    public static int Double", "[Activity]\n    public static int Triple(int a) => a * 3;\n\n    [Activity]\n    public static int Double");

        Assert.Equal(Texts(first).Count + 1, Texts(second).Count);
        Assert.Contains("Inc.Steps.Triple.Activity.g.cs", Texts(second).Keys);
        Assert.NotEqual(Texts(first)["Workflows.AssemblyWorkflowRegistration.g.cs"], Texts(second)["Workflows.AssemblyWorkflowRegistration.g.cs"]);
    }

    private static (GeneratorRunResult First, GeneratorRunResult Second) RunWithEdit(string before, string after)
    {
        var compilation = GeneratorHarness.CreateCompilation(WorkflowsFile, ActivitiesFile);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();

        var oldTree = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class Steps", StringComparison.Ordinal));
        string edited = oldTree.ToString().Replace(before.Replace("\n", Environment.NewLine, StringComparison.Ordinal), after, StringComparison.Ordinal);
        edited = edited == oldTree.ToString() ? oldTree.ToString().Replace(before, after, StringComparison.Ordinal) : edited;
        Assert.NotEqual(oldTree.ToString(), edited);
        var newTree = CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, oldTree.FilePath);
        var second = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree)).GetRunResult().Results.Single();
        return (first, second);
    }

    private static Dictionary<string, string> Texts(GeneratorRunResult result)
        => result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    private static void AssertStep(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, allowed));
    }

    private static void AssertAllOutputs(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        var reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, allowed));
    }
}
