using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.DefinitionParameterAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class DefinitionParameterAnalyzerTests
{
    [Fact]
    public async Task RefStreamDelegateAndMisplacedToken_Report()
    {
        const string source = """
            public static class Orders
            {
                [Activity]
                public static void Bump(ref int {|#0:count|}) { }

                [Activity]
                public static void Upload(System.IO.Stream {|#1:content|}) { }

                [Activity]
                public static void Later(Func<int> {|#2:callback|}) { }

                [Activity]
                public static void Early(CancellationToken {|#3:token|}, int value) { }

                [Workflow]
                public static Task Run(WorkflowContext ctx, CancellationToken {|#4:token|}) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.UnsupportedDefinitionParameter).WithLocation(0).WithArguments("Activity", "Bump", "'count' is passed by reference"),
            Verify.Diagnostic(DiagnosticIds.UnsupportedDefinitionParameter).WithLocation(1).WithArguments("Activity", "Upload", "'content' has type System.IO.Stream, which cannot be a payload"),
            Verify.Diagnostic(DiagnosticIds.UnsupportedDefinitionParameter).WithLocation(2).WithArguments("Activity", "Later", "'callback' has type System.Func<int>, which cannot be a payload"),
            Verify.Diagnostic(DiagnosticIds.UnsupportedDefinitionParameter).WithLocation(3).WithArguments("Activity", "Early", "'token' is a CancellationToken that is not an activity's last parameter"),
            Verify.Diagnostic(DiagnosticIds.UnsupportedDefinitionParameter).WithLocation(4).WithArguments("Workflow", "Run", "'token' is a CancellationToken that is not an activity's last parameter"));
    }

    [Fact]
    public async Task SerializableInputsAndTrailingToken_NoDiagnostic()
    {
        const string source = """
            public record Order(string Id, decimal Amount);

            public static class Orders
            {
                [Activity]
                public static Task<decimal> Price(Order order, string[] tags, int? limit, CancellationToken cancellationToken) => Task.FromResult(order.Amount);

                [Workflow]
                public static Task Run(WorkflowContext ctx, Order order, Dictionary<string, int> lines) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
