using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.WorkflowContextParameterAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class WorkflowContextParameterAnalyzerTests
{
    [Fact]
    public async Task WorkflowWithoutContext_Reports()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task {|#0:Process|}(string orderId) => Task.CompletedTask;

                [Workflow("Ship")]
                public static Task {|#1:ShipOrder|}(string orderId, WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.WorkflowWithoutContext).WithLocation(0).WithArguments("Process"),
            Verify.Diagnostic(DiagnosticIds.WorkflowWithoutContext).WithLocation(1).WithArguments("Ship"));
    }

    [Fact]
    public async Task WorkflowWithContextFirstAndActivityWithout_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<int> Process(WorkflowContext ctx, string orderId) => Task.FromResult(orderId.Length);

                [Activity]
                public static int Price(string orderId) => orderId.Length;
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
