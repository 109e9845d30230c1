using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.AsyncVoidAnalyzer,
    Workflows.Analyzers.CodeFixes.AsyncVoidCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.AsyncVoidAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class AsyncVoidAnalyzerTests
{
    [Fact]
    public async Task AsyncVoidHelper_CalledFromWorkflow_FixReturnsTask()
    {
        const string source = """
            public class Orders
            {
                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    Notify(ctx);
                    return Task.CompletedTask;
                }

                private async void {|#0:Notify|}(WorkflowContext ctx) => await ctx.ExecuteActivityAsync("Notify", null);
            }
            """;
        const string fixedSource = """
            public class Orders
            {
                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    Notify(ctx);
                    return Task.CompletedTask;
                }

                private async Task Notify(WorkflowContext ctx) => await ctx.ExecuteActivityAsync("Notify", null);
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.AsyncVoid).WithLocation(0).WithArguments("Notify", "'async Task'", "OrderWorkflow → Notify")],
            fixedSource);
    }

    [Fact]
    public async Task AsyncVoidLambda_InWorkflow_Reports()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Action fire = {|#0:async|} () => await ctx.DelayAsync(TimeSpan.Zero);
                    fire();
                    return Task.CompletedTask;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.AsyncVoid).WithLocation(0).WithArguments("async lambda", "'async Task'", "OrderWorkflow → async lambda"));
    }

    [Fact]
    public async Task AsyncTaskAndUnreachedAsyncVoid_InWorkflowProject_NoDiagnostic()
    {
        const string source = """
            public class Orders
            {
                [Workflow]
                public async Task OrderWorkflow(WorkflowContext ctx) => await ctx.DelayAsync(TimeSpan.Zero);

                public async void OnClick(object sender, EventArgs e) => await Task.Yield();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task AsyncVoidLocalFunction_InWorkflow_FixReturnsTask()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Fire();
                    return Task.CompletedTask;

                    async void {|#0:Fire|}() => await ctx.DelayAsync(TimeSpan.Zero);
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Fire();
                    return Task.CompletedTask;

                    async Task Fire() => await ctx.DelayAsync(TimeSpan.Zero);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.AsyncVoid).WithLocation(0).WithArguments("Fire", "'async Task'", "OrderWorkflow → Fire")],
            fixedSource);
    }
}
