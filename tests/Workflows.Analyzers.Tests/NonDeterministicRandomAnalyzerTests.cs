using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.NonDeterministicRandomAnalyzer,
    Workflows.Analyzers.CodeFixes.NonDeterministicRandomCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.NonDeterministicRandomAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class NonDeterministicRandomAnalyzerTests
{
    [Fact]
    public async Task GuidNewGuidAndNewRandom_InWorkflow_FixToContext()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx)
                {
                    var id = {|#0:Guid.NewGuid()|};
                    var dice = {|#1:new Random()|}.Next(6);
                    return Task.FromResult(id + ":" + dice);
                }
            }
            """;
        const string fixedSource = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx)
                {
                    var id = ctx.NewGuid();
                    var dice = ctx.Random.Next(6);
                    return Task.FromResult(id + ":" + dice);
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [
                Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Guid.NewGuid", "ctx.NewGuid()", "OrderWorkflow → Guid.NewGuid"),
                Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("new Random", "ctx.Random", "OrderWorkflow → new Random"),
            ],
            fixedSource);
    }

    [Fact]
    public async Task RandomShared_ThroughHelperWithoutContext_ReportsChainWithoutFix()
    {
        const string source = """
            public class Orders
            {
                [Workflow]
                public Task<int> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(Roll());

                private int Roll() => {|#0:Random.Shared|}.Next();
            }
            """;
        await Verify.VerifyNoCodeFixAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Random.Shared", "ctx.Random", "OrderWorkflow → Roll → Random.Shared"));
    }

    [Fact]
    public async Task RandomNumberGeneratorAndCreateVersion7_InWorkflow_Report()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    var n = {|#0:System.Security.Cryptography.RandomNumberGenerator.GetInt32(10)|};
                    var id = {|#1:Guid.CreateVersion7()|};
                    return Task.CompletedTask;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("RandomNumberGenerator.GetInt32", "ctx.Random", "OrderWorkflow → RandomNumberGenerator.GetInt32"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("Guid.CreateVersion7", "ctx.NewGuid()", "OrderWorkflow → Guid.CreateVersion7"));
    }

    [Fact]
    public async Task Random_SeededContextOrInActivity_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var seeded = new Random(42).Next();
                    var id = ctx.NewGuid();
                    return Task.FromResult(seeded + ctx.Random.Next() + id.GetHashCode());
                }

                [Activity]
                public static Guid NewOrderId() => Guid.NewGuid();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task StaticRandomField_InWorkflow_ReportsEachUse()
    {
        const string source = """
            public static class Orders
            {
                private static readonly Random Rng = new();

                [Workflow]
                public static Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var local = new Random(7);
                    return Task.FromResult({|#0:Rng.Next(6)|} + local.Next(6) + {|#1:Random.Shared|}.Next());
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Random.Next", "ctx.Random", "OrderWorkflow → Random.Next"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("Random.Shared", "ctx.Random", "OrderWorkflow → Random.Shared"));
    }
}
