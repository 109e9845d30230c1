using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.ThreadPoolSchedulingAnalyzer,
    Workflows.Analyzers.CodeFixes.ThreadPoolSchedulingCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.ThreadPoolSchedulingAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class ThreadPoolSchedulingAnalyzerTests
{
    [Fact]
    public async Task TaskRunAsyncLambda_InWorkflow_FixesToGo()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var background = {|#0:Task.Run(async () => await ctx.ExecuteActivityAsync("Ship", null))|};
                    await background;
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var background = ctx.Go(async _ => await ctx.ExecuteActivityAsync("Ship", null));
                    await background;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(0).WithArguments("Task.Run", "'ctx.Go'", "OrderWorkflow → Task.Run")],
            fixedSource);
    }

    [Fact]
    public async Task TaskRunReturningValue_InWorkflow_ReportsWithoutFix()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx) => await {|#0:Task.Run(() => 42)|};
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(0).WithArguments("Task.Run", "'ctx.Go'", "OrderWorkflow → Task.Run"));
    }

    [Fact]
    public async Task ParallelPlinqThreadsAndContinueWith_ThroughHelper_Report()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx) => Fan(ctx);

                private static Task Fan(WorkflowContext ctx)
                {
                    {|#0:Parallel.For(0, 10, i => { })|};
                    var squares = {|#1:Enumerable.Range(0, 10).AsParallel()|}.Select(i => i * i).ToList();
                    var thread = {|#2:new Thread(() => { })|};
                    {|#3:ThreadPool.QueueUserWorkItem(_ => { })|};
                    return {|#4:ctx.DelayAsync(TimeSpan.Zero).ContinueWith(t => { })|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(0).WithArguments("Parallel.For", "'ctx.Go' and 'ctx.WhenAll'", "OrderWorkflow → Fan → Parallel.For"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(1).WithArguments("ParallelEnumerable.AsParallel", "sequential LINQ, or 'ctx.Go' and 'ctx.WhenAll'", "OrderWorkflow → Fan → ParallelEnumerable.AsParallel"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(2).WithArguments("new Thread", "'ctx.Go'", "OrderWorkflow → Fan → new Thread"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(3).WithArguments("ThreadPool.QueueUserWorkItem", "'ctx.Go'", "OrderWorkflow → Fan → ThreadPool.QueueUserWorkItem"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadPoolScheduling).WithLocation(4).WithArguments("Task.ContinueWith", "'await' followed by the continuation, or 'ctx.Go'", "OrderWorkflow → Fan → Task.ContinueWith"));
    }

    [Fact]
    public async Task GoAndTaskWhenAll_InWorkflow_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var a = ctx.Go(c => c.DelayAsync(TimeSpan.FromSeconds(1)));
                    var b = ctx.ExecuteActivityAsync<int>("Price", null);
                    await Task.WhenAll(a, b);
                    await Task.WhenAny(a, b);
                }

                [Activity]
                public static Task Work() => Task.Run(() => { });
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
