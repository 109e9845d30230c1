using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.NonDurableWaitAnalyzer,
    Workflows.Analyzers.CodeFixes.NonDurableWaitCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.NonDurableWaitAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class NonDurableWaitAnalyzerTests
{
    [Fact]
    public async Task TaskDelay_InWorkflow_FixesToDelayAsync()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    await {|#0:Task.Delay(TimeSpan.FromMinutes(5))|};
                    await {|#1:Task.Delay(1000, ctx.CancellationToken)|};
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    await ctx.DelayAsync(TimeSpan.FromMinutes(5));
                    await ctx.DelayAsync(TimeSpan.FromMilliseconds(1000), ctx.CancellationToken);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(0).WithArguments("Task.Delay", "'ctx.DelayAsync'", "OrderWorkflow → Task.Delay"),
                Verify.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(1).WithArguments("Task.Delay", "'ctx.DelayAsync'", "OrderWorkflow → Task.Delay"),
            ],
            fixedSource);
    }

    [Fact]
    public async Task ThreadSleep_ThroughHelper_ReportsChain()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Backoff();
                    return Task.CompletedTask;
                }

                private static void Backoff() => {|#0:Thread.Sleep(100)|};
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(0).WithArguments("Thread.Sleep", "'ctx.DelayAsync'", "OrderWorkflow → Backoff → Thread.Sleep"));
    }

    [Fact]
    public async Task TimedCancellationAndTimers_InWorkflow_Report()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    using var timed = {|#0:new CancellationTokenSource(TimeSpan.FromSeconds(1))|};
                    using var manual = new CancellationTokenSource();
                    {|#1:manual.CancelAfter(500)|};
                    await {|#2:manual.CancelAsync()|};
                    using var timer = {|#3:new PeriodicTimer(TimeSpan.FromSeconds(1))|};
                    manual.Cancel();
                }
            }
            """;
        const string later = "a durable timer ('ctx.DelayAsync') that cancels the source";
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(0).WithArguments("new CancellationTokenSource", later, "OrderWorkflow → new CancellationTokenSource"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(1).WithArguments("CancellationTokenSource.CancelAfter", "a durable timer ('ctx.DelayAsync') that calls 'Cancel()'", "OrderWorkflow → CancellationTokenSource.CancelAfter"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(2).WithArguments("CancellationTokenSource.CancelAsync", "'Cancel()'", "OrderWorkflow → CancellationTokenSource.CancelAsync"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(3).WithArguments("new PeriodicTimer", "'ctx.DelayAsync' in a loop", "OrderWorkflow → new PeriodicTimer"));
    }

    [Fact]
    public async Task Delay_DurableOrInActivity_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    await ctx.DelayAsync(TimeSpan.FromMinutes(5));
                    await ctx.ExecuteActivityAsync("Poll", null);
                }

                [Activity]
                public static Task Poll() => Task.Delay(100);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task ThreadSleepStatement_InAsyncWorkflow_FixesToAwaitDelayAsync()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    {|#0:Thread.Sleep(250)|};
                    await ctx.ExecuteActivityAsync("Poll", null);
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    await ctx.DelayAsync(TimeSpan.FromMilliseconds(250));
                    await ctx.ExecuteActivityAsync("Poll", null);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(0).WithArguments("Thread.Sleep", "'ctx.DelayAsync'", "OrderWorkflow → Thread.Sleep")],
            fixedSource);
    }

    [Fact]
    public async Task ThreadSleep_InSynchronousHelper_ReportsWithoutFix()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Pause(ctx);
                    return Task.CompletedTask;
                }

                private static void Pause(WorkflowContext ctx) => {|#0:Thread.Sleep(TimeSpan.FromSeconds(1))|};
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.NonDurableWait).WithLocation(0).WithArguments("Thread.Sleep", "'ctx.DelayAsync'", "OrderWorkflow → Pause → Thread.Sleep"));
    }
}
