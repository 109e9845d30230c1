using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.DefinitionReturnTypeAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class DefinitionReturnTypeAnalyzerTests
{
    [Fact]
    public async Task WorkflowNotReturningTaskAndActivityReturningDelegate_Reports()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static int {|#0:Process|}(WorkflowContext ctx) => 1;

                [Workflow]
                public static ValueTask {|#1:Wait|}(WorkflowContext ctx) => default;

                [Activity]
                public static Func<int> {|#2:Make|}() => () => 1;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidDefinitionReturnType).WithLocation(0).WithArguments("Workflow", "Process", "int", "Task or Task<T>"),
            Verify.Diagnostic(DiagnosticIds.InvalidDefinitionReturnType).WithLocation(1).WithArguments("Workflow", "Wait", "System.Threading.Tasks.ValueTask", "Task or Task<T>"),
            Verify.Diagnostic(DiagnosticIds.InvalidDefinitionReturnType).WithLocation(2).WithArguments("Activity", "Make", "System.Func<int>", "Task, Task<T>, ValueTask, ValueTask<T>, void or a serializable value"));
    }

    [Fact]
    public async Task EveryAllowedShape_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow] public static Task A(WorkflowContext ctx) => Task.CompletedTask;
                [Workflow] public static Task<string> B(WorkflowContext ctx) => Task.FromResult("");
                [Activity] public static void C() { }
                [Activity] public static decimal D() => 1m;
                [Activity] public static Task E() => Task.CompletedTask;
                [Activity] public static Task<int> F() => Task.FromResult(1);
                [Activity] public static ValueTask G() => default;
                [Activity] public static ValueTask<int> H() => new(1);
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
