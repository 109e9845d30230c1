using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.BlockingWaitAnalyzer,
    Workflows.Analyzers.CodeFixes.BlockingWaitCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.BlockingWaitAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class BlockingWaitAnalyzerTests
{
    [Fact]
    public async Task ResultWaitAndGetResult_InAsyncWorkflow_FixToAwait()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var price = ctx.ExecuteActivityAsync<string>("Price", null);
                    var length = {|#0:price.Result|}.Length;
                    var stock = {|#1:ctx.ExecuteActivityAsync<int>("Stock", null).GetAwaiter().GetResult()|};
                    {|#2:ctx.DelayAsync(TimeSpan.Zero).Wait()|};
                    return length + stock;
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var price = ctx.ExecuteActivityAsync<string>("Price", null);
                    var length = (await price).Length;
                    var stock = await ctx.ExecuteActivityAsync<int>("Stock", null);
                    await ctx.DelayAsync(TimeSpan.Zero);
                    return length + stock;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.BlockingWait).WithLocation(0).WithArguments(".Result", "'await'", "OrderWorkflow → .Result"),
                Verify.Diagnostic(DiagnosticIds.BlockingWait).WithLocation(1).WithArguments("GetAwaiter().GetResult()", "'await'", "OrderWorkflow → GetAwaiter().GetResult()"),
                Verify.Diagnostic(DiagnosticIds.BlockingWait).WithLocation(2).WithArguments("Task.Wait", "'await'", "OrderWorkflow → Task.Wait"),
            ],
            fixedSource);
    }

    [Fact]
    public async Task ResultInSynchronousHelper_ThroughHelper_ReportsChainWithoutFix()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<int> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(Price(ctx));

                private static int Price(WorkflowContext ctx) => {|#0:ctx.ExecuteActivityAsync<int>("Price", null).Result|};
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.BlockingWait).WithLocation(0).WithArguments(".Result", "'await'", "OrderWorkflow → Price → .Result"));
    }

    [Fact]
    public async Task TaskWaitAll_InWorkflow_ReportsWhenAllReplacement()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    {|#0:Task.WaitAll(ctx.DelayAsync(TimeSpan.Zero))|};
                    return Task.CompletedTask;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.BlockingWait).WithLocation(0).WithArguments("Task.WaitAll", "'await Task.WhenAll'", "OrderWorkflow → Task.WaitAll"));
    }

    [Fact]
    public async Task AwaitAndResultInActivity_InWorkflowProject_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Price", null);

                [Activity]
                public static int Price() => Task.FromResult(1).Result;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task Result_AfterAwaitedWhenAllOrAwait_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var price = ctx.ExecuteActivityAsync<int>("Price", null);
                    var stock = ctx.ExecuteActivityAsync<int>("Stock", null);
                    await Task.WhenAll(price, stock);
                    var tax = ctx.ExecuteActivityAsync<int>("Tax", null);
                    await tax;
                    return price.Result + stock.Result + tax.Result;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task Result_BeforeTheTaskIsAwaited_Reports()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var price = ctx.ExecuteActivityAsync<int>("Price", null);
                    var early = {|#0:price.Result|};
                    await price;
                    return early;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.BlockingWait).WithLocation(0).WithArguments(".Result", "'await'", "OrderWorkflow → .Result"));
    }
}
