using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.DuplicateDefinitionNameAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class DuplicateDefinitionNameAnalyzerTests
{
    [Fact]
    public async Task SameActivityNameInTwoTypes_ReportsBoth()
    {
        const string source = """
            public static class Payments
            {
                [Activity]
                public static int {|#0:Charge|}(int amount) => amount;
            }

            public static class Refunds
            {
                [Activity("Charge")]
                public static int {|#1:Refund|}(int amount) => -amount;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(0).WithArguments("Activity", "Charge", "Payments.Charge, Refunds.Refund"),
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(1).WithArguments("Activity", "Charge", "Payments.Charge, Refunds.Refund"));
    }

    [Fact]
    public async Task WorkflowAndActivitySharingANameAndDistinctNames_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task Ship(WorkflowContext ctx) => Task.CompletedTask;

                [Activity("Ship")]
                public static void ShipActivity() { }

                [Activity]
                public static void Pack() { }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
