using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.NonDeterministicTimeAnalyzer,
    Workflows.Analyzers.CodeFixes.NonDeterministicTimeCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.NonDeterministicTimeAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class NonDeterministicTimeAnalyzerTests
{
    [Fact]
    public async Task DateTimeUtcNow_InWorkflow_ReportsAndFixesToContextNow()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<DateTime> OrderWorkflow(WorkflowContext ctx) => Task.FromResult({|#0:DateTime.UtcNow|});
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static Task<DateTime> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(ctx.Now.UtcDateTime);
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(0).WithArguments("DateTime.UtcNow", "'ctx.Now.UtcDateTime'", "OrderWorkflow → DateTime.UtcNow")],
            fixedSource);
    }

    [Fact]
    public async Task DateTimeOffsetNow_InWorkflowLambda_FixesToContextNow()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext context)
                {
                    Func<DateTimeOffset> clock = () => {|#0:DateTimeOffset.Now|};
                    await context.DelayUntilAsync(clock());
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext context)
                {
                    Func<DateTimeOffset> clock = () => context.Now;
                    await context.DelayUntilAsync(clock());
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(0).WithArguments("DateTimeOffset.Now", "'ctx.Now'", "OrderWorkflow → DateTimeOffset.Now")],
            fixedSource);
    }

    [Fact]
    public async Task DateTimeToday_ThroughHelper_ReportsCallChainWithoutFix()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(Helper());

                private static string Helper() => Format();

                private static string Format() => {|#0:DateTime.Today|}.ToString("d");
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(0).WithArguments("DateTime.Today", "'ctx.Now.UtcDateTime.Date'", "OrderWorkflow → Helper → Format → DateTime.Today"));
    }

    [Fact]
    public async Task StopwatchAndTickCount_InWorkflow_Report()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    var watch = {|#0:System.Diagnostics.Stopwatch.StartNew()|};
                    var ticks = {|#1:Environment.TickCount64|};
                    var provider = {|#2:TimeProvider.System|};
                    return Task.CompletedTask;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(0)
                .WithArguments("Stopwatch.StartNew", "two readings of 'ctx.Now' subtracted", "OrderWorkflow → Stopwatch.StartNew"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(1)
                .WithArguments("Environment.TickCount64", "'ctx.Now'", "OrderWorkflow → Environment.TickCount64"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(2)
                .WithArguments("TimeProvider.System", "'ctx.Now'", "OrderWorkflow → TimeProvider.System"));
    }

    [Fact]
    public async Task DateTimeUtcNow_InActivityAndSideEffectAndUnreachedMethod_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var now = await ctx.SideEffectAsync(() => DateTime.UtcNow);
                    await ctx.ExecuteActivityAsync("Stamp", null, now);
                }

                [Activity]
                public static DateTime Stamp() => DateTime.UtcNow;

                public static DateTime NotWorkflowCode() => DateTime.UtcNow;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task ContextNow_InWorkflow_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<DateTimeOffset> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(ctx.Now);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task DateTimeUtcNow_CalledFromWorkflowAndActivity_ReportedOnceFromWorkflow()
    {
        const string source = """
            public class Orders
            {
                [Workflow]
                public async Task OrderWorkflow(WorkflowContext ctx) => await Shared(ctx);

                [Activity]
                public Task Stamp() => Shared(null!);

                private Task Shared(WorkflowContext ctx) => ctx.DelayUntilAsync({|#0:DateTimeOffset.UtcNow|});
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(0).WithArguments("DateTimeOffset.UtcNow", "'ctx.Now'", "OrderWorkflow → Shared → DateTimeOffset.UtcNow")],
            source.Replace("{|#0:DateTimeOffset.UtcNow|}", "ctx.Now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InjectedTimeProvider_InWorkflow_FixesToContextNow()
    {
        const string source = """
            public sealed class Orders(TimeProvider time)
            {
                [Workflow]
                public Task<DateTimeOffset> OrderWorkflow(WorkflowContext ctx) => Task.FromResult({|#0:time.GetUtcNow()|});
            }
            """;
        const string fixedSource = """
            public sealed class Orders(TimeProvider time)
            {
                [Workflow]
                public Task<DateTimeOffset> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(ctx.Now);
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(0).WithArguments("TimeProvider.GetUtcNow", "'ctx.Now'", "OrderWorkflow → TimeProvider.GetUtcNow")],
            fixedSource);
    }
}
