using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.DefinitionAccessibilityAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class DefinitionAccessibilityAnalyzerTests
{
    [Fact]
    public async Task PrivateMethodProtectedMethodAndPrivateNestedType_Report()
    {
        const string source = """
            public class Orders
            {
                [Workflow]
                private static Task {|#0:Process|}(WorkflowContext ctx) => Task.CompletedTask;

                private static class Hidden
                {
                    [Activity]
                    public static void {|#1:Ping|}() { }
                }

                [Activity]
                protected static void {|#2:Keep|}(string value) { }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.InaccessibleDefinition).WithLocation(0).WithArguments("Workflow", "Process", "the method or a type that contains it is private or protected"),
            Verify.Diagnostic(DiagnosticIds.InaccessibleDefinition).WithLocation(1).WithArguments("Activity", "Ping", "the method or a type that contains it is private or protected"),
            Verify.Diagnostic(DiagnosticIds.InaccessibleDefinition).WithLocation(2).WithArguments("Activity", "Keep", "the method or a type that contains it is private or protected"));
    }

    [Fact]
    public async Task InternalAndNestedInternalDefinitions_NoDiagnostic()
    {
        const string source = """
            internal sealed record Secret(string Value);

            public class Orders
            {
                [Workflow]
                internal static Task Process(WorkflowContext ctx, Secret secret) => Task.CompletedTask;

                internal static class Visible
                {
                    [Activity]
                    public static Secret Echo(Secret secret) => secret;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
