using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.DuplicatePatchIdAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class DuplicatePatchIdAnalyzerTests
{
    [Fact]
    public async Task SamePatchIdForTwoChanges_ReportsTheSecond()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    int a = ctx.IsPatched("v2") ? await ctx.ExecuteActivityAsync<int>("New", null) : 0;
                    int b = {|#0:ctx.IsPatched("v2")|} ? 2 : 1;
                    return a + b;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, VerifyAnalyzer.Diagnostic(DiagnosticIds.DuplicatePatchId).WithLocation(0).WithArguments("v2", 6, "OrderWorkflow"));
    }

    [Fact]
    public async Task SameIdInLambdaAndDeprecateCall_ReportsEachLaterUse()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    ctx.DeprecatePatch("charge");
                    await ctx.Go(async c =>
                    {
                        if ({|#0:c.IsPatched("charge")|})
                        {
                            await c.DelayAsync(TimeSpan.FromSeconds(1));
                        }
                    });
                    {|#1:ctx.DeprecatePatch("charge")|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.DuplicatePatchId).WithLocation(0).WithArguments("charge", 6, "OrderWorkflow"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.DuplicatePatchId).WithLocation(1).WithArguments("charge", 6, "OrderWorkflow"));
    }

    [Fact]
    public async Task DistinctIdsOrIdsInDifferentWorkflowsOrNotConstant_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<bool> First(WorkflowContext ctx, string dynamicId)
                    => Task.FromResult(ctx.IsPatched("a") && ctx.IsPatched("b") && ctx.IsPatched(dynamicId) && ctx.IsPatched(dynamicId));

                [Workflow]
                public static Task<bool> Second(WorkflowContext ctx) => Task.FromResult(ctx.IsPatched("a"));
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
