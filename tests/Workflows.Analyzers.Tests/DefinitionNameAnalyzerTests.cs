using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.DefinitionNameAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class DefinitionNameAnalyzerTests
{
    [Fact]
    public async Task DottedAndEmptyNames_Report()
    {
        const string source = """
            public static class Orders
            {
                [Activity("orders.charge")]
                public static int {|#0:Charge|}(int amount) => amount;

                [Workflow("")]
                public static Task {|#1:Process|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InvalidDefinitionName).WithLocation(0).WithArguments("Activity", "orders.charge", "Charge", "orders_charge"),
            Verify.Diagnostic(DiagnosticIds.InvalidDefinitionName).WithLocation(1).WithArguments("Workflow", "", "Process", "Process"));
    }

    [Fact]
    public async Task IdentifierNames_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Activity("ChargeCard")]
                public static int Charge(int amount) => amount;

                [Workflow]
                public static Task Process(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
