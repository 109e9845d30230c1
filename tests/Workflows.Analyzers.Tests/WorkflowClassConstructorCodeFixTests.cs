using Workflows.CodeAnalysis;
using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.WorkflowClassAnalyzer,
    Workflows.Analyzers.CodeFixes.WorkflowClassConstructorCodeFixProvider>;

namespace Workflows.Analyzers.Tests;

public class WorkflowClassConstructorCodeFixTests
{
    [Fact]
    public async Task ClassWithOnlyAConstructorTakingArguments_AddsParameterlessConstructorBeforeIt()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Orders|}
            {
                private string _region = "eu";

                /// <summary>For tests.</summary>
                public Orders(string region) => _region = region;

                [WorkflowRun]
                public Task<string> Run(WorkflowContext ctx) => Task.FromResult(_region);
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                private string _region = "eu";

                public Orders()
                {
                }

                /// <summary>For tests.</summary>
                public Orders(string region) => _region = region;

                [WorkflowRun]
                public Task<string> Run(WorkflowContext ctx) => Task.FromResult(_region);
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(0).WithArguments("Orders", WorkflowClassRules.NoConstructorProblem)],
            fixedSource);
    }

    [Fact]
    public async Task ClassWithPrivateParameterlessConstructor_MakesItPublic()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Orders|}
            {
                private protected Orders() { }

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Workflow]
            public sealed class {|#1:Refunds|}
            {
                Refunds() { }

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        const string fixedSource = """
            [Workflow]
            public sealed class Orders
            {
                public Orders() { }

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Workflow]
            public sealed class Refunds
            {
                public Refunds() { }

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(0).WithArguments("Orders", WorkflowClassRules.NoConstructorProblem),
                Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(1).WithArguments("Refunds", WorkflowClassRules.NoConstructorProblem),
            ],
            fixedSource);
    }

    [Fact]
    public async Task PrimaryConstructorOrAbstractClass_OffersNoFix()
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
                protected Base(int x) { }

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(0).WithArguments("Orders", WorkflowClassRules.NoConstructorProblem),
            Verify.Diagnostic(DiagnosticIds.InvalidWorkflowClass).WithLocation(1).WithArguments("Base", "it is static or abstract"));
    }
}
