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

    [Fact]
    public async Task ClassWorkflowNamedLikeWorkflowMethod_ReportsBoth()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Ship|}
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            public static class Orders
            {
                [Workflow]
                public static Task {|#1:Ship|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(0).WithArguments("Workflow", "Ship", "Orders.Ship, Ship"),
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(1).WithArguments("Workflow", "Ship", "Orders.Ship, Ship"));
    }

    [Fact]
    public async Task TwoClassWorkflowsWithOneExplicitName_ReportsBoth()
    {
        const string source = """
            [Workflow("Order")]
            public sealed class {|#0:OrderWorkflow|}
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Workflow("Order")]
            public sealed class {|#1:LegacyOrderWorkflow|}
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(0).WithArguments("Workflow", "Order", "LegacyOrderWorkflow, OrderWorkflow"),
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(1).WithArguments("Workflow", "Order", "LegacyOrderWorkflow, OrderWorkflow"));
    }

    [Fact]
    public async Task ClassDefaultNameAndMethodExplicitName_ReportsBoth()
    {
        const string source = """
            [Workflow]
            public sealed class {|#0:Billing|}
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            public static class Legacy
            {
                [Workflow("Billing")]
                public static Task {|#1:RunBilling|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(0).WithArguments("Workflow", "Billing", "Billing, Legacy.RunBilling"),
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(1).WithArguments("Workflow", "Billing", "Billing, Legacy.RunBilling"));
    }

    [Fact]
    public async Task ActivityClassMethodNamedLikeActivityMethod_ReportsBoth()
    {
        const string source = """
            [Activity]
            public sealed class PaymentActivities
            {
                public int {|#0:Charge|}(int amount) => amount;

                public int Refund(int amount) => -amount;
            }

            public static class Legacy
            {
                [Activity("Charge")]
                public static int {|#1:OldCharge|}(int amount) => amount;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(0).WithArguments("Activity", "Charge", "Legacy.OldCharge, PaymentActivities.Charge"),
            Verify.Diagnostic(DiagnosticIds.DuplicateDefinitionName).WithLocation(1).WithArguments("Activity", "Charge", "Legacy.OldCharge, PaymentActivities.Charge"));
    }

    [Fact]
    public async Task ClassWorkflowsWithDistinctNamesAndActivityOfSameName_NoDiagnostic()
    {
        const string source = """
            [Workflow]
            public sealed class OrderWorkflow
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Workflow("Order")]
            public sealed class LegacyOrderWorkflow
            {
                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;
            }

            [Activity]
            public sealed class OrderActivities
            {
                public int OrderWorkflow(int amount) => amount;

                public int Order(int amount) => amount;
            }

            public static class Plain
            {
                [Workflow]
                public static Task Ship(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
