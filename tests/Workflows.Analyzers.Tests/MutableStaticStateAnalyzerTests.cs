using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.MutableStaticStateAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class MutableStaticStateAnalyzerTests
{
    private const string Replacement = "state held by the workflow run (locals, workflow instance fields or workflow input)";

    [Fact]
    public async Task MutableStaticFieldAndProperty_InWorkflow_Report()
    {
        const string source = """
            public static class Orders
            {
                private static int s_counter;

                public static string Region { get; set; } = "eu";

                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx)
                {
                    {|#0:s_counter|}++;
                    return Task.FromResult({|#1:Region|});
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.MutableStaticState).WithLocation(0).WithArguments("Orders.s_counter", Replacement, "OrderWorkflow → Orders.s_counter"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.MutableStaticState).WithLocation(1).WithArguments("Orders.Region", Replacement, "OrderWorkflow → Orders.Region"));
    }

    [Fact]
    public async Task MutatingStaticReadonlyCollection_ThroughHelper_Reports()
    {
        const string source = """
            public static class Orders
            {
                private static readonly List<string> s_seen = new();
                private static readonly int[] s_slots = new int[4];

                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Remember("a");
                    return Task.CompletedTask;
                }

                private static void Remember(string id)
                {
                    {|#0:s_seen|}.Add(id);
                    {|#1:s_slots|}[0] = 1;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.MutableStaticState).WithLocation(0).WithArguments("Orders.s_seen", Replacement, "OrderWorkflow → Remember → Orders.s_seen"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.MutableStaticState).WithLocation(1).WithArguments("Orders.s_slots", Replacement, "OrderWorkflow → Remember → Orders.s_slots"));
    }

    [Fact]
    public async Task StaticState_ConstantsReadonlyReadsAndActivityWrites_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                private const int MaxLines = 10;
                private static readonly string s_prefix = "order-";
                private static readonly List<string> s_known = new() { "a" };
                private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);
                private static int s_calls;

                [Workflow]
                public static async Task<string> OrderWorkflow(WorkflowContext ctx)
                {
                    await ctx.DelayAsync(s_timeout);
                    return s_prefix + MaxLines + s_known.Count + s_known.Contains("a");
                }

                [Activity]
                public static void Count() => s_calls++;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
