using Verify = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.GenericDefinitionAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class GenericDefinitionAnalyzerTests
{
    [Fact]
    public async Task GenericMethodAndMethodOfGenericType_Report()
    {
        const string source = """
            public static class Orders
            {
                [Activity]
                public static T {|#0:Echo|}<T>(T value) => value;
            }

            public static class Repository<T>
            {
                [Workflow]
                public static Task {|#1:Load|}(WorkflowContext ctx) => Task.CompletedTask;
            }
            """;
        await Verify.VerifyAsync(
            source,
            Verify.Diagnostic(DiagnosticIds.GenericDefinition).WithLocation(0).WithArguments("Activity", "Echo", "it has type parameters"),
            Verify.Diagnostic(DiagnosticIds.GenericDefinition).WithLocation(1).WithArguments("Workflow", "Load", "its type 'Repository' is generic"));
    }

    [Fact]
    public async Task ConcreteMethodTakingGenericCollection_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Activity]
                public static int Count(List<string> items) => items.Count;
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
