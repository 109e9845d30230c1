using VerifyClass = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.WorkflowClassAnalyzer,
    Workflows.Analyzers.CodeFixes.WorkflowContextParameterCodeFixProvider>;
using VerifyMethod = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.WorkflowContextParameterAnalyzer,
    Workflows.Analyzers.CodeFixes.WorkflowContextParameterCodeFixProvider>;

namespace Workflows.Analyzers.Tests;

public class WorkflowContextParameterCodeFixTests
{
    private const string MissingContext = "it does not take WorkflowContext as its first parameter; declare 'WorkflowContext ctx' first, then the inputs";

    [Fact]
    public async Task WorkflowMethodWithoutContext_AddsContextFirst()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<int> {|#0:Process|}(string orderId, int count) => Task.FromResult(count);
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static Task<int> Process(WorkflowContext ctx, string orderId, int count) => Task.FromResult(count);
            }
            """;
        await VerifyMethod.VerifyCodeFixAsync(
            source,
            [VerifyMethod.Diagnostic(DiagnosticIds.WorkflowWithoutContext).WithLocation(0).WithArguments("Process")],
            fixedSource);
    }

    [Fact]
    public async Task WorkflowMethodWithContextLast_MovesItFirst()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task {|#0:Process|}(
                    string orderId,
                    WorkflowContext workflow) => Task.CompletedTask;
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static Task Process(
                    WorkflowContext workflow,
                    string orderId) => Task.CompletedTask;
            }
            """;
        await VerifyMethod.VerifyCodeFixAsync(
            source,
            [VerifyMethod.Diagnostic(DiagnosticIds.WorkflowWithoutContext).WithLocation(0).WithArguments("Process")],
            fixedSource);
    }

    [Fact]
    public async Task RunMethodWithoutParameters_AddsContext()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task {|#0:Run|}() => Task.CompletedTask;
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await VerifyClass.VerifyCodeFixAsync(
            source,
            [VerifyClass.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(0).WithArguments("Run", "Orders", MissingContext)],
            fixedSource);
    }

    [Fact]
    public async Task RunMethodUsingTheNameCtx_AddsContextUnderAnotherName()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task<string> {|#0:Run|}(string ctx) => Task.FromResult(ctx);
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task<string> Run(WorkflowContext context, string ctx) => Task.FromResult(ctx);
            }
            """;
        await VerifyClass.VerifyCodeFixAsync(
            source,
            [VerifyClass.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(0).WithArguments("Run", "Orders", MissingContext)],
            fixedSource);
    }

    [Fact]
    public async Task RunMethodReturningInt_OffersNoFix()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public int {|#0:Run|}(WorkflowContext ctx) => 1;
            }
            """;
        await VerifyClass.VerifyNoCodeFixAsync(
            source,
            VerifyClass.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(0).WithArguments("Run", "Orders", "it returns 'int'; return Task or Task<T>"));
    }
}
