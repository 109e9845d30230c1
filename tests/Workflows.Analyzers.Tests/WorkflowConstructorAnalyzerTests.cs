using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.WorkflowConstructorAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class WorkflowConstructorAnalyzerTests
{
    [Fact]
    public async Task InstanceWorkflowWithoutParameterlessConstructor_Reports()
    {
        const string source = """
            public sealed class Orders(string region)
            {
                [Workflow]
                public Task<string> {|#0:Process|}(WorkflowContext ctx) => Task.FromResult(region);
            }

            public abstract class Base
            {
                [Workflow]
                public Task {|#1:Run|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.WorkflowWithoutConstructor).WithLocation(0).WithArguments("Process", "Orders"),
            Verify.Diagnostic(DiagnosticIds.WorkflowWithoutConstructor).WithLocation(1).WithArguments("Run", "Base"));
    }

    [Fact]
    public async Task StaticWorkflowInstanceWorkflowWithDefaultConstructorAndInstanceActivity_NoDiagnostic()
    {
        const string source = """
            public sealed class Countdown
            {
                private int _left = 3;

                [Workflow]
                public async Task<int> Run(WorkflowContext ctx)
                {
                    while (_left > 0)
                    {
                        _left--;
                        await ctx.DelayAsync(TimeSpan.FromSeconds(1));
                    }

                    return _left;
                }
            }

            public sealed class Payments(string gateway)
            {
                [Activity]
                public string Charge() => gateway;
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
