using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.WorkflowClassAnalyzer,
    Workflows.Analyzers.CodeFixes.WorkflowRunCodeFixProvider>;

namespace Workflows.Analyzers.Tests;

public class WorkflowRunCodeFixTests
{
    private const string TwoRuns = """
        [Workflow]
        public sealed class {|#0:Orders|}
        {
            [WorkflowRun]
            public Task A(WorkflowContext ctx) => Task.CompletedTask;

            // The newer entry point.
            [WorkflowRun, System.Obsolete("old")]
            public Task B(WorkflowContext ctx) => Task.CompletedTask;
        }
        """;

    [Fact]
    public async Task TwoRunMethods_KeepFirst_RemovesAttributeFromSecond()
    {
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task A(WorkflowContext ctx) => Task.CompletedTask;

                // The newer entry point.
                [System.Obsolete("old")]
                public Task B(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyCodeFixAsync(
            TwoRuns,
            [Verify.Diagnostic(DiagnosticIds.WorkflowRunCount).WithLocation(0).WithArguments("Orders", 2)],
            fixedSource,
            "WorkflowRunCodeFixProvider.Keep.A");
    }

    [Fact]
    public async Task TwoRunMethods_KeepSecond_RemovesAttributeListFromFirst()
    {
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                public Task A(WorkflowContext ctx) => Task.CompletedTask;

                // The newer entry point.
                [WorkflowRun, System.Obsolete("old")]
                public Task B(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyCodeFixAsync(
            TwoRuns,
            [Verify.Diagnostic(DiagnosticIds.WorkflowRunCount).WithLocation(0).WithArguments("Orders", 2)],
            fixedSource,
            "WorkflowRunCodeFixProvider.Keep.B");
    }

    [Fact]
    public async Task NoRunMethod_OffersNoFix()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Orders|}
            {
                public Task A(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyNoCodeFixAsync(source, Verify.Diagnostic(DiagnosticIds.WorkflowRunCount).WithLocation(0).WithArguments("Orders", 0));
    }

    [Fact]
    public async Task StaticRunMethod_BecomesInstanceMethod()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public static Task {|#0:Run|}(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Workflow]
            public sealed class Refunds
            {
                [WorkflowRun]
                static internal Task {|#1:Go|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Workflow]
            public sealed class Refunds
            {
                [WorkflowRun]
                internal Task Go(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(0).WithArguments("Run", "Orders", "it is static; the run method is an instance method so it can use the object's fields"),
                Verify.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(1).WithArguments("Go", "Refunds", "it is static; the run method is an instance method so it can use the object's fields"),
            ],
            fixedSource);
    }
}
