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
                Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Guid.NewGuid", "'ctx.NewGuid()'", "OrderWorkflow → Guid.NewGuid"),
                Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("new Random", "'ctx.Random'", "OrderWorkflow → new Random"),
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
            Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Random.Shared", "'ctx.Random'", "OrderWorkflow → Roll → Random.Shared"));
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
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("RandomNumberGenerator.GetInt32", "'ctx.Random'", "OrderWorkflow → RandomNumberGenerator.GetInt32"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("Guid.CreateVersion7", "'ctx.NewGuid()'", "OrderWorkflow → Guid.CreateVersion7"));
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
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Random.Next", "'ctx.Random'", "OrderWorkflow → Random.Next"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("Random.Shared", "'ctx.Random'", "OrderWorkflow → Random.Shared"));
    }

    [Fact]
    public async Task EveryRandomSource_InWorkflow_ReportsEach()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Tokens(RandomNumberGenerator generator)
            {
                [Workflow]
                public Task<string> TokenWorkflow(WorkflowContext ctx, DateTimeOffset at)
                {
                    var id = {|#0:Guid.CreateVersion7(at)|};
                    var bytes = new byte[8];
                    {|#1:RandomNumberGenerator.Fill(bytes)|};
                    {|#2:generator.GetBytes(bytes)|};
                    var name = {|#3:System.IO.Path.GetRandomFileName()|};
                    var hex = {|#4:RandomNumberGenerator.GetHexString(8)|};
                    return Task.FromResult(id + name + hex);
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Guid.CreateVersion7", "'ctx.NewGuid()'", "TokenWorkflow → Guid.CreateVersion7"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(1).WithArguments("RandomNumberGenerator.Fill", "'ctx.Random'", "TokenWorkflow → RandomNumberGenerator.Fill"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(2).WithArguments("RandomNumberGenerator.GetBytes", "'ctx.Random'", "TokenWorkflow → RandomNumberGenerator.GetBytes"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(3).WithArguments("Path.GetRandomFileName", "'ctx.NewGuid().ToString(\"N\")'", "TokenWorkflow → Path.GetRandomFileName"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(4).WithArguments("RandomNumberGenerator.GetHexString", "'ctx.Random'", "TokenWorkflow → RandomNumberGenerator.GetHexString"));
    }

    [Fact]
    public async Task GeneratorCreatedInLocal_ReportsCreationOnly()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Tokens
            {
                [Workflow]
                public static Task<int> TokenWorkflow(WorkflowContext ctx)
                {
                    using var generator = {|#0:RandomNumberGenerator.Create()|};
                    var bytes = new byte[4];
                    generator.GetBytes(bytes);
                    return Task.FromResult((int)bytes[0]);
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("RandomNumberGenerator.Create", "'ctx.Random'", "TokenWorkflow → RandomNumberGenerator.Create"));
    }

    [Fact]
    public async Task RandomFileName_InWorkflow_FixToContextGuid()
    {
        const string source = """
            public static class Exports
            {
                [Workflow]
                public static Task<string> ExportWorkflow(WorkflowContext context) =>
                    Task.FromResult("export-" + {|#0:System.IO.Path.GetRandomFileName()|});
            }
            """;
        const string fixedSource = """
            public static class Exports
            {
                [Workflow]
                public static Task<string> ExportWorkflow(WorkflowContext context) =>
                    Task.FromResult("export-" + context.NewGuid().ToString("N"));
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonDeterministicRandom).WithLocation(0).WithArguments("Path.GetRandomFileName", "'ctx.NewGuid().ToString(\"N\")'", "ExportWorkflow → Path.GetRandomFileName")],
            fixedSource);
    }

    [Fact]
    public async Task Random_WithoutSdk_NoDiagnostic()
    {
        const string source = """
            public static class Dice
            {
                public static int Roll() => System.Random.Shared.Next(6) + System.Guid.NewGuid().GetHashCode();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, includeSdk: false, additionalFiles: []);
    }
}
