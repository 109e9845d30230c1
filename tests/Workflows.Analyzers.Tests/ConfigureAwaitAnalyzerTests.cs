using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.ConfigureAwaitAnalyzer,
    Workflows.Analyzers.CodeFixes.ConfigureAwaitCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.ConfigureAwaitAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class ConfigureAwaitAnalyzerTests
{
    [Fact]
    public async Task ConfigureAwaitFalse_InWorkflow_FixRemovesIt()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    await {|#0:ctx.DelayAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false)|};
                    return await {|#1:ctx.ExecuteActivityAsync<int>("Price", null).ConfigureAwait(continueOnCapturedContext: false)|};
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    await ctx.DelayAsync(TimeSpan.FromSeconds(1));
                    return await ctx.ExecuteActivityAsync<int>("Price", null);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.ConfigureAwaitFalse).WithLocation(0).WithArguments("ConfigureAwait(false)", "a plain 'await'", "OrderWorkflow → ConfigureAwait(false)"),
                Verify.Diagnostic(DiagnosticIds.ConfigureAwaitFalse).WithLocation(1).WithArguments("ConfigureAwait(continueOnCapturedContext: false)", "a plain 'await'", "OrderWorkflow → ConfigureAwait(continueOnCapturedContext: false)"),
            ],
            fixedSource);
    }

    [Fact]
    public async Task ConfigureAwaitOptionsNone_ThroughHelper_ReportsChain()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx) => Step(ctx);

                private static async Task Step(WorkflowContext ctx) =>
                    await {|#0:ctx.DelayAsync(TimeSpan.Zero).ConfigureAwait(ConfigureAwaitOptions.None)|};
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ConfigureAwaitFalse).WithLocation(0).WithArguments("ConfigureAwait(ConfigureAwaitOptions.None)", "a plain 'await'", "OrderWorkflow → Step → ConfigureAwait(ConfigureAwaitOptions.None)"));
    }

    [Fact]
    public async Task ConfigureAwait_TrueOrInActivity_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx) =>
                    await ctx.DelayAsync(TimeSpan.Zero).ConfigureAwait(true);

                [Activity]
                public static async Task Ship() => await Task.Delay(1).ConfigureAwait(false);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
