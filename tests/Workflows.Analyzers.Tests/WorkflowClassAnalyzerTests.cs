using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.WorkflowClassAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class WorkflowClassAnalyzerTests
{
    [Fact]
    public async Task ClassWithoutParameterlessConstructorOrAbstract_ReportsWF2009()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Orders|}(string region)
            {
                [WorkflowRun]
                public Task<string> Run(WorkflowContext ctx) => Task.FromResult(region);
            }

            [Workflow]
            public abstract class {|#1:Base|}
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(0).WithArguments("Orders", "it has no public or internal parameterless constructor (the runtime creates a new object per execution)"),
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(1).WithArguments("Base", "it is static or abstract"));
    }

    [Fact]
    public async Task NoRunOrTwoRuns_ReportsWF2010()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Empty|}
            {
            }

            [Workflow]
            public sealed class {|#1:Twice|}
            {
                [WorkflowRun]
                public Task A(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowRun]
                public Task B(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.WorkflowRunCount).WithLocation(0).WithArguments("Empty", 0),
            Verify.Diagnostic(DiagnosticIds.WorkflowRunCount).WithLocation(1).WithArguments("Twice", 2));
    }

    [Fact]
    public async Task RunWithoutContextStaticOrWrongReturn_ReportsWF2011()
    {
        const string source = """
            [Workflow]
            public sealed class A
            {
                [WorkflowRun]
                public Task {|#0:Run|}(string input) => Task.CompletedTask;
            }

            [Workflow]
            public sealed class B
            {
                [WorkflowRun]
                public int {|#1:Run|}(WorkflowContext ctx) => 1;
            }

            [Workflow]
            public sealed class C
            {
                [WorkflowRun]
                public static Task {|#2:Run|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(0).WithArguments("Run", "A", "it does not take WorkflowContext as its first parameter; declare 'WorkflowContext ctx' first, then the inputs"),
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(1).WithArguments("Run", "B", "it returns 'int'; return Task or Task<T>"),
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowRun).WithLocation(2).WithArguments("Run", "C", "it is static; the run method is an instance method so it can use the object's fields"));
    }

    [Fact]
    public async Task SignalWithTwoParametersOrResult_ReportsWF2012()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowSignal]
                public void {|#0:Approve|}(bool approved, string by) { }

                [WorkflowSignal]
                public int {|#1:Count|}(int n) => n;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(0).WithArguments("Approve", "Orders", "it takes 2 parameter(s); a signal handler takes exactly one value parameter"),
            Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(1).WithArguments("Count", "Orders", "it returns int; a signal handler returns void or Task"));
    }

    [Fact]
    public async Task QueryReturningTaskOrNothing_ReportsWF2013()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowQuery]
                public Task<int> {|#0:Later|}() => Task.FromResult(1);

                [WorkflowQuery]
                public void {|#1:Nothing|}() { }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidQuery).WithLocation(0).WithArguments("Later", "Orders", "it returns System.Threading.Tasks.Task<int>; a query answers at once and never awaits"),
            Verify.Diagnostic(DiagnosticIds.InvalidQuery).WithLocation(1).WithArguments("Nothing", "Orders", "it returns nothing; a query returns a value"));
    }

    [Fact]
    public async Task ValidClassAndMethodForm_NoDiagnostic()
    {
        const string source = """
            public sealed record Approval(bool Approved, string By);

            [Workflow("Order")]
            public sealed class OrderWorkflow
            {
                private Approval? _approval;

                [WorkflowQuery]
                public string Status { get; private set; } = "new";

                [WorkflowRun]
                public async Task<string> RunAsync(WorkflowContext ctx, string id)
                {
                    await ctx.WaitConditionAsync(() => _approval is not null);
                    Status = "done";
                    return id;
                }

                [WorkflowSignal]
                public void Approve(Approval approval) => _approval = approval;

                [WorkflowSignal("later")]
                public async Task Later(int n) => await Task.CompletedTask;

                [WorkflowQuery]
                public bool IsApprovedBy(string name) => _approval?.By == name;
            }

            public static class Plain
            {
                [Workflow]
                public static Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task WithoutSdk_NoDiagnostic()
    {
        const string source = """
            public sealed class Workflow : System.Attribute { }

            [Workflow]
            public sealed class Orders(int x) { }
            """;
        await Verify.VerifyAsync(source, includeSdk: false, additionalFiles: []);
    }

    [Fact]
    public async Task EmptySource_NoDiagnostic() => await Verify.VerifyAsync("");
}
