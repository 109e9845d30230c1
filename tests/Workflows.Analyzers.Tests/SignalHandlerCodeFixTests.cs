using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.WorkflowClassAnalyzer,
    Workflows.Analyzers.CodeFixes.SignalHandlerCodeFixProvider>;

namespace Workflows.Analyzers.Tests;

public class SignalHandlerCodeFixTests
{
    [Fact]
    public async Task HandlersReturningValues_ReturnVoidAndKeepSideEffects()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                private int _total;
                private bool _approved;

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowSignal]
                public int {|#0:Count|}(int n) => n;

                [WorkflowSignal]
                public int {|#1:Add|}(int n) => _total += n;

                [WorkflowSignal]
                public bool {|#2:Approve|}(bool approved)
                {
                    if (!approved)
                    {
                        return false;
                    }

                    Func<int> later = () => { return 1; };
                    _approved = true;
                    return Touch(later());
                }

                private bool Touch(int n) => _approved;
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                private int _total;
                private bool _approved;

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowSignal]
                public void Count(int n) { }

                [WorkflowSignal]
                public void Add(int n) => _total += n;

                [WorkflowSignal]
                public void Approve(bool approved)
                {
                    if (!approved)
                    {
                        return;
                    }

                    Func<int> later = () => { return 1; };
                    _approved = true;
                    Touch(later());
                }

                private bool Touch(int n) => _approved;
            }
            """;
        const string result = "; a signal handler returns void or Task";
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(0).WithArguments("Count", "Orders", "it returns int" + result),
                Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(1).WithArguments("Add", "Orders", "it returns int" + result),
                Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(2).WithArguments("Approve", "Orders", "it returns bool" + result),
            ],
            fixedSource);
    }

    [Fact]
    public async Task HandlersReturningTaskOfT_ReturnTask()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                private int _n;

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowSignal]
                public async Task<int> {|#0:Later|}(int n)
                {
                    await Task.CompletedTask;
                    _n = n;
                    return n;
                }

                [WorkflowSignal]
                public Task<int> {|#1:Now|}(int n) => Task.FromResult(n);
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                private int _n;

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowSignal]
                public async Task Later(int n)
                {
                    await Task.CompletedTask;
                    _n = n;
                }

                [WorkflowSignal]
                public Task Now(int n) => Task.FromResult(n);
            }
            """;
        const string result = "; a signal handler returns void or Task";
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(0).WithArguments("Later", "Orders", "it returns System.Threading.Tasks.Task<int>" + result),
                Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(1).WithArguments("Now", "Orders", "it returns System.Threading.Tasks.Task<int>" + result),
            ],
            fixedSource);
    }

    [Fact]
    public async Task HandlerWithTwoParametersOrReturningValueTask_OffersNoFix()
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
                public ValueTask {|#1:Later|}(int n) => default;
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(0).WithArguments("Approve", "Orders", "it takes 2 parameter(s); a signal handler takes exactly one value parameter"),
            Verify.Diagnostic(DiagnosticIds.InvalidSignalHandler).WithLocation(1).WithArguments("Later", "Orders", "it returns System.Threading.Tasks.ValueTask; a signal handler returns void or Task"));
    }
}
