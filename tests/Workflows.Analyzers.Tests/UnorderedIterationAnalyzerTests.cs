using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.UnorderedIterationAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class UnorderedIterationAnalyzerTests
{
    private const string Replacement = "an explicit order ('OrderBy') or a sorted or list collection";

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

    [Fact]
    public async Task ConcurrentCollection_PassedToEnumeratingMethods_ReportsEach()
    {
        const string source = """
            using System.Collections.Concurrent;

            public static class Tallies
            {
                [Workflow]
                public static Task<string> TallyWorkflow(WorkflowContext ctx, ConcurrentDictionary<string, int> counts, ConcurrentBag<string> seen)
                {
                    var keys = string.Join(",", {|#0:counts.Keys|});
                    var list = new List<string>({|#1:seen|});
                    list.AddRange({|#2:seen|});
                    int[] spread = [.. {|#3:counts.Values|}];
                    return Task.FromResult(keys + list.Count + spread.Length + Emit({|#4:seen|}));
                }

                private static string Emit(IEnumerable<string> values) => values.FirstOrDefault() ?? "";
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(0).WithArguments("String.Join(ConcurrentDictionary<string, int>)", Replacement, "TallyWorkflow → String.Join(ConcurrentDictionary<string, int>)"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(1).WithArguments("new List(ConcurrentBag<string>)", Replacement, "TallyWorkflow → new List(ConcurrentBag<string>)"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(2).WithArguments("List.AddRange(ConcurrentBag<string>)", Replacement, "TallyWorkflow → List.AddRange(ConcurrentBag<string>)"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(3).WithArguments(".. ConcurrentDictionary<string, int>", Replacement, "TallyWorkflow → .. ConcurrentDictionary<string, int>"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.HashOrderedIteration).WithLocation(4).WithArguments("Tallies.Emit(ConcurrentBag<string>)", Replacement, "TallyWorkflow → Tallies.Emit(ConcurrentBag<string>)"));
    }

    [Fact]
    public async Task ConcurrentCollection_IntoSortedOrSetOrQueue_NoDiagnostic()
    {
        const string source = """
            using System.Collections.Concurrent;

            public static class Tallies
            {
                [Workflow]
                public static Task<string> TallyWorkflow(WorkflowContext ctx, ConcurrentDictionary<string, int> counts, ConcurrentBag<string> seen, ConcurrentQueue<string> queue)
                {
                    var sorted = new SortedSet<string>(counts.Keys);
                    var set = new HashSet<string>(seen);
                    set.UnionWith(counts.Keys);
                    HashSet<string> spread = [.. seen];
                    var ordered = string.Join(",", counts.Keys.Order(StringComparer.Ordinal));
                    var fifo = string.Join(",", queue);
                    return Task.FromResult(sorted.Count + set.Count + spread.Count + ordered + fifo + counts.Keys.Count);
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
