using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.UnboundedLoopAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class UnboundedLoopAnalyzerTests
{
    private const string Replacement = "'ctx.ContinueAsNew(...)' after a bounded number of iterations";

    [Fact]
    public async Task WhileTrueWithWorkflowCalls_InWorkflow_Reports()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var commands = ctx.NewChannel<string>();
                    {|#0:while|} (true)
                    {
                        var command = await commands.ReceiveAsync();
                        if (command.Length == 0)
                        {
                            continue;
                        }

                        await ctx.ExecuteActivityAsync("Handle", null, command);
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.UnboundedHistoryLoop).WithLocation(0).WithArguments("while (true)", Replacement, "OrderWorkflow → while (true)"));
    }

    [Fact]
    public async Task ForeverLoop_ThroughHelper_ReportsChain()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx) => Poll(ctx);

                private static async Task Poll(WorkflowContext ctx)
                {
                    {|#0:for|} (;;)
                    {
                        await ctx.DelayAsync(TimeSpan.FromMinutes(1));
                        for (var i = 0; i < 3; i++)
                        {
                            break;
                        }
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.UnboundedHistoryLoop).WithLocation(0).WithArguments("for (;;)", Replacement, "OrderWorkflow → Poll → for (;;)"));
    }

    [Fact]
    public async Task EndlessLoop_ContinuesAsNewOrExits_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var iterations = 0;
                    while (true)
                    {
                        await ctx.DelayAsync(TimeSpan.FromMinutes(1));
                        if (++iterations == 100)
                        {
                            await ctx.ContinueAsNew();
                        }
                    }
                }

                [Workflow]
                public static async Task PollWorkflow(WorkflowContext ctx)
                {
                    while (true)
                    {
                        if (await ctx.ExecuteActivityAsync<bool>("Done", null))
                        {
                            break;
                        }
                    }

                    do
                    {
                        if (await ctx.ExecuteActivityAsync<bool>("Done", null))
                        {
                            return;
                        }
                    }
                    while (true);
                }

                [Activity]
                public static void Spin()
                {
                    while (true)
                    {
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
