using Verify = Workflows.Analyzers.Tests.Infrastructure.CodeFixVerifier<
    Workflows.Analyzers.LoggingAnalyzer,
    Workflows.Analyzers.CodeFixes.LoggingCodeFixProvider>;
using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.LoggingAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class LoggingAnalyzerTests
{
    [Fact]
    public async Task InjectedLogger_InWorkflow_FixesToContextLogger()
    {
        const string source = """
            public class Orders
            {
                private readonly ILogger _logger;

                public Orders(ILogger logger) => _logger = logger;

                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    {|#0:_logger.LogInformation("Order {Id} started", 1)|};
                    return Task.CompletedTask;
                }
            }
            """;
        const string fixedSource = """
            public class Orders
            {
                private readonly ILogger _logger;

                public Orders(ILogger logger) => _logger = logger;

                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    ctx.Logger.LogInformation("Order {Id} started", 1);
                    return Task.CompletedTask;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonReplaySafeLogging).WithLocation(0).WithArguments("_logger.LogInformation", "'ctx.Logger'", "OrderWorkflow → _logger.LogInformation")],
            fixedSource);
    }

    [Fact]
    public async Task Console_GuardedByNotReplaying_NotReported()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    await Task.CompletedTask;
                    if (!ctx.IsReplaying)
                    {
                        Console.WriteLine("printed once");
                    }

                    if (ctx.IsReplaying == false && ctx.Now.Year > 2000)
                    {
                        Console.WriteLine("printed once too");
                    }

                    if (ctx.IsReplaying)
                    {
                        {|#0:Console.WriteLine("printed on replay")|};
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonReplaySafeLogging).WithLocation(0).WithArguments("Console.WriteLine", "'ctx.Logger'", "OrderWorkflow → Console.WriteLine"));
    }

    [Fact]
    public async Task ConsoleAndLocalFromField_ThroughHelper_ReportChain()
    {
        const string source = """
            public class Orders
            {
                private readonly ILogger _logger = null!;

                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    Trace();
                    return Task.CompletedTask;
                }

                private void Trace()
                {
                    {|#0:Console.WriteLine("started")|};
                    var log = _logger;
                    {|#1:log.LogWarning("slow")|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonReplaySafeLogging).WithLocation(0).WithArguments("Console.WriteLine", "'ctx.Logger'", "OrderWorkflow → Trace → Console.WriteLine"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.NonReplaySafeLogging).WithLocation(1).WithArguments("log.LogWarning", "'ctx.Logger'", "OrderWorkflow → Trace → log.LogWarning"));
    }

    [Fact]
    public async Task Logging_ContextLoggerLocalsAndParameters_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    ctx.Logger.LogInformation("started");
                    var log = ctx.Logger;
                    log.LogWarning("slow");
                    Report(ctx.Logger);
                    return Task.CompletedTask;
                }

                private static void Report(ILogger logger) => logger.LogInformation("done");

                [Activity]
                public static void Ship() => Console.WriteLine("shipping");
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task PrimaryConstructorLogger_InWorkflow_FixesToContextLogger()
    {
        const string source = """
            public sealed class Orders(ILogger<Orders> logger)
            {
                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    {|#0:logger.LogInformation("started")|};
                    return Task.CompletedTask;
                }
            }
            """;
        const string fixedSource = """
            public sealed class Orders(ILogger<Orders> logger)
            {
                [Workflow]
                public Task OrderWorkflow(WorkflowContext ctx)
                {
                    ctx.Logger.LogInformation("started");
                    return Task.CompletedTask;
                }
            }
            """;
        await Verify.VerifyCodeFixAsync(
            source,
            [Verify.Diagnostic(DiagnosticIds.NonReplaySafeLogging).WithLocation(0).WithArguments("logger.LogInformation", "'ctx.Logger'", "OrderWorkflow → logger.LogInformation")],
            fixedSource);
    }
}
