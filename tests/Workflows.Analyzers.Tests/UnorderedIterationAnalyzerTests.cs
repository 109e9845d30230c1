using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.UnorderedIterationAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class UnorderedIterationAnalyzerTests
{
    private const string Replacement = "an explicit order (OrderBy) or a sorted or list collection";

    [Fact]
    public async Task ForeachAndLinqOverDictionary_InWorkflow_ReportInfo()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx, Dictionary<string, int> lines, HashSet<string> skus)
                {
                    foreach (var line in {|#0:lines|})
                    {
                        await ctx.ExecuteActivityAsync("Reserve", null, line.Key);
                    }

                    var first = {|#1:skus.Select(s => s.ToUpperInvariant())|}.First();
                    foreach (var key in {|#2:lines.Keys|})
                    {
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.UnorderedIteration).WithLocation(0).WithArguments("Dictionary<string, int>", Replacement, "OrderWorkflow → Dictionary<string, int>"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.UnorderedIteration).WithLocation(1).WithArguments("HashSet<string>.Select", Replacement, "OrderWorkflow → HashSet<string>.Select"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.UnorderedIteration).WithLocation(2).WithArguments("Dictionary<string, int>", Replacement, "OrderWorkflow → Dictionary<string, int>"));
    }

    [Fact]
    public async Task ConcurrentDictionaryAndHashtable_ThroughHelper_ReportWarning()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Walk(new System.Collections.Concurrent.ConcurrentDictionary<string, int>(), new System.Collections.Hashtable());
                    return Task.CompletedTask;
                }

                private static void Walk(System.Collections.Concurrent.ConcurrentDictionary<string, int> map, System.Collections.Hashtable table)
                {
                    foreach (var pair in {|#0:map|})
                    {
                    }

                    foreach (var value in {|#1:map.Values|})
                    {
                    }

                    foreach (var entry in {|#2:table|})
                    {
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(0).WithArguments("ConcurrentDictionary<string, int>", Replacement, "OrderWorkflow → Walk → ConcurrentDictionary<string, int>"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(1).WithArguments("ConcurrentDictionary<string, int>", Replacement, "OrderWorkflow → Walk → ConcurrentDictionary<string, int>"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(2).WithArguments("Hashtable", Replacement, "OrderWorkflow → Walk → Hashtable"));
    }

    [Fact]
    public async Task Iteration_OrderedOrAggregatedOrInActivity_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<int> OrderWorkflow(WorkflowContext ctx, Dictionary<string, int> lines, List<int> list, SortedDictionary<string, int> sorted)
                {
                    foreach (var line in lines.OrderBy(l => l.Key, StringComparer.Ordinal))
                    {
                    }

                    foreach (var item in list)
                    {
                    }

                    foreach (var pair in sorted)
                    {
                    }

                    var positive = lines.Where(l => l.Value > 0).OrderBy(l => l.Key).ToList();
                    return Task.FromResult(lines.Count(l => l.Value > 0) + lines.Sum(l => l.Value) + positive.Count);
                }

                [Activity]
                public static void Dump(Dictionary<string, int> lines)
                {
                    foreach (var line in lines)
                    {
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task HashSetLinq_ThroughHelper_ReportsInfoWithChain()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string[]> OrderWorkflow(WorkflowContext ctx, HashSet<string> skus) => Task.FromResult(Names(skus));

                private static string[] Names(HashSet<string> skus) => {|#0:skus.Select(s => s.Trim())|}.ToArray();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.UnorderedIteration).WithLocation(0).WithArguments("HashSet<string>.Select", Replacement, "OrderWorkflow → Names → HashSet<string>.Select"));
    }

    [Fact]
    public async Task ImmutableHashSetForeach_InWorkflow_ReportsWarning()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx, System.Collections.Immutable.ImmutableHashSet<string> users)
                {
                    foreach (var user in {|#0:users|})
                    {
                        await ctx.ExecuteActivityAsync("Notify", null, user);
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(0).WithArguments("ImmutableHashSet<string>", Replacement, "OrderWorkflow → ImmutableHashSet<string>"));
    }
}
