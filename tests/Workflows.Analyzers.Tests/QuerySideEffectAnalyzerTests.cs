using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.QuerySideEffectAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class QuerySideEffectAnalyzerTests
{
    [Fact]
    public async Task QueryAssigningStateOrUsingContext_ReportsWF2014()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                private int _polls;
                private WorkflowContext? _ctx;

                public string Last { get; set; } = "";

                [WorkflowRun]
                public Task Run(WorkflowContext ctx)
                {
                    _ctx = ctx;
                    return Task.CompletedTask;
                }

                [WorkflowQuery]
                public int Polls() => {|#0:++_polls|};

                [WorkflowQuery]
                public string Remember(string value)
                {
                    {|#1:Last = value|};
                    return value;
                }

                [WorkflowQuery]
                public string Id => {|#2:_ctx!.NewGuid()|}.ToString();

                [WorkflowQuery]
                public string Name => {|#3:_ctx!.WorkflowName|};
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.QuerySideEffect).WithLocation(0).WithArguments("Polls", "Orders", "assigns '_polls'"),
            Verify.Diagnostic(DiagnosticIds.QuerySideEffect).WithLocation(1).WithArguments("Remember", "Orders", "assigns 'Last'"),
            Verify.Diagnostic(DiagnosticIds.QuerySideEffect).WithLocation(2).WithArguments("Id", "Orders", "uses WorkflowContext ('NewGuid')"),
            Verify.Diagnostic(DiagnosticIds.QuerySideEffect).WithLocation(3).WithArguments("Name", "Orders", "uses WorkflowContext ('WorkflowName')"));
    }

    [Fact]
    public async Task QueryComputingIntoLocals_NoDiagnostic()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                private readonly List<string> _notes = new();

                [WorkflowRun]
                public Task Run(WorkflowContext ctx)
                {
                    _notes.Add(ctx.WorkflowName);
                    return Task.CompletedTask;
                }

                [WorkflowQuery]
                public int Count(string prefix)
                {
                    int n = 0;
                    foreach (var note in _notes)
                    {
                        n += note.StartsWith(prefix, StringComparison.Ordinal) ? 1 : 0;
                    }

                    return n;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task WithoutSdk_NoDiagnostic()
    {
        const string source = """
            public sealed class WorkflowQuery : System.Attribute { }

            public sealed class Orders
            {
                private int _polls;

                [WorkflowQuery]
                public int Polls() => ++_polls;
            }
            """;
        await Verify.VerifyAsync(source, includeSdk: false, additionalFiles: []);
    }

    [Fact]
    public async Task EmptySource_NoDiagnostic() => await Verify.VerifyAsync("");
}
