using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.ProcessHashCodeAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class ProcessHashCodeAnalyzerTests
{
    private const string StableHash = "a stable hash of the value's bytes, such as 'SHA256.HashData(Encoding.UTF8.GetBytes(text))'";
    private const string Identity = "an id from workflow input or 'ctx.NewGuid()'";

    [Fact]
    public async Task StringHashAndHashCode_InWorkflow_ReportEach()
    {
        const string source = """
            public static class Shards
            {
                [Workflow]
                public static Task<int> ShardWorkflow(WorkflowContext ctx, string customer, string region)
                {
                    var a = {|#0:customer.GetHashCode()|} % 4;
                    var b = {|#1:HashCode.Combine(customer, region)|};
                    var c = {|#2:StringComparer.OrdinalIgnoreCase.GetHashCode(customer)|};
                    var hash = new HashCode();
                    hash.Add(customer);
                    return Task.FromResult(a + b + c + {|#3:hash.ToHashCode()|});
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ProcessHashCode).WithLocation(0).WithArguments("String.GetHashCode", StableHash, "ShardWorkflow → String.GetHashCode"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ProcessHashCode).WithLocation(1).WithArguments("HashCode.Combine", StableHash, "ShardWorkflow → HashCode.Combine"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ProcessHashCode).WithLocation(2).WithArguments("StringComparer.GetHashCode", StableHash, "ShardWorkflow → StringComparer.GetHashCode"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ProcessHashCode).WithLocation(3).WithArguments("HashCode.ToHashCode", StableHash, "ShardWorkflow → HashCode.ToHashCode"));
    }

    [Fact]
    public async Task IdentityHash_ThroughHelper_Reports()
    {
        const string source = """
            public sealed class Basket
            {
            }

            public static class Shards
            {
                [Workflow]
                public static Task<int> ShardWorkflow(WorkflowContext ctx) => Task.FromResult(Key(new Basket()));

                private static int Key(Basket basket) => {|#0:basket.GetHashCode()|} ^ {|#1:System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(basket)|};
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ProcessHashCode).WithLocation(0).WithArguments("Object.GetHashCode", Identity, "ShardWorkflow → Key → Object.GetHashCode"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ProcessHashCode).WithLocation(1).WithArguments("RuntimeHelpers.GetHashCode", Identity, "ShardWorkflow → Key → RuntimeHelpers.GetHashCode"));
    }

    [Fact]
    public async Task StableHashesAndGetHashCodeImplementation_NoDiagnostic()
    {
        const string source = """
            public sealed class Line(string sku, int quantity)
            {
                public string Sku { get; } = sku;

                public int Quantity { get; } = quantity;

                public override bool Equals(object? obj) => obj is Line other && other.Sku == Sku && other.Quantity == Quantity;

                public override int GetHashCode() => HashCode.Combine(Sku.GetHashCode(), Quantity);
            }

            public record Sku(string Code);

            public static class Shards
            {
                [Workflow]
                public static Task<int> ShardWorkflow(WorkflowContext ctx, int n, Guid id, DayOfWeek day, string code)
                {
                    var line = new Line("a", n);
                    var a = n.GetHashCode() + id.GetHashCode() + day.GetHashCode() + line.GetHashCode();
                    var b = new Sku(code).Equals(new Sku(code)) ? 1 : 0;
                    return Task.FromResult(a + b);
                }

                [Activity]
                public static int Shard(string customer) => customer.GetHashCode() % 4;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task HashCode_WithoutSdk_NoDiagnostic()
    {
        const string source = """
            public static class Shards
            {
                public static int Shard(string customer) => customer.GetHashCode() % 4;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, includeSdk: false, additionalFiles: []);
    }

    [Fact]
    public async Task EmptySource_NoDiagnostic() => await VerifyAnalyzer.VerifyAsync(string.Empty);
}
