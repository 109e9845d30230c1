using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.NonDeterministicTimeAnalyzer>;

namespace Workflows.Analyzers.Tests;

/// <summary>What counts as workflow code, checked through the clock rule.</summary>
public class WorkflowReachabilityTests
{
    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Clock(int location, string chain) =>
        VerifyAnalyzer.Diagnostic(DiagnosticIds.NonDeterministicTime).WithLocation(location).WithArguments("DateTime.UtcNow", "'ctx.Now.UtcDateTime'", chain);

    [Fact]
    public async Task LocalFunction_InWorkflow_ReportsAgainstWorkflow()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<DateTime> OrderWorkflow(WorkflowContext ctx)
                {
                    return Task.FromResult(Stamp());

                    static DateTime Stamp() => {|#0:DateTime.UtcNow|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, Clock(0, "OrderWorkflow → DateTime.UtcNow"));
    }

    [Fact]
    public async Task Helpers_MutuallyRecursive_ReportOnceAndTerminate()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<long> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(Ping(3));

                private static long Ping(int n) => n == 0 ? 0 : Pong(n - 1);

                private static long Pong(int n) => {|#0:DateTime.UtcNow|}.Ticks + Ping(n);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, Clock(0, "OrderWorkflow → Ping → Pong → DateTime.UtcNow"));
    }

    [Fact]
    public async Task CallGraph_ConstructorPropertyExtensionAndMethodGroup_AreFollowed()
    {
        const string source = """
            public sealed class Clock
            {
                public Clock() => Created = {|#0:DateTime.UtcNow|};

                public DateTime Created { get; }

                public DateTime Current => {|#1:DateTime.UtcNow|};
            }

            public static class ContextExtensions
            {
                public static DateTime Stamp(this WorkflowContext ctx) => {|#2:DateTime.UtcNow|};
            }

            public static class Orders
            {
                [Workflows.Workflow("orders")]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var clock = new Clock();
                    var now = clock.Current;
                    var stamp = ctx.Stamp();
                    await ctx.Go(Worker);
                }

                private static Task Worker(WorkflowContext ctx) => Task.FromResult({|#3:DateTime.UtcNow|});
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            Clock(0, "OrderWorkflow → Clock.ctor → DateTime.UtcNow"),
            Clock(1, "OrderWorkflow → Current → DateTime.UtcNow"),
            Clock(2, "OrderWorkflow → Stamp → DateTime.UtcNow"),
            Clock(3, "OrderWorkflow → Worker → DateTime.UtcNow"));
    }

    [Fact]
    public async Task Helper_CalledOnlyFromSideEffectOrActivity_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var now = await ctx.SideEffectAsync(() => Read());
                    await ctx.ExecuteActivityAsync("Save", null, now);
                }

                private static DateTime Read() => DateTime.UtcNow;

                [Activity]
                public static void Save(DateTime at) => Audit();

                private static void Audit() => Console.WriteLine(DateTime.UtcNow);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task CallGraph_PartialClassAcrossFiles_FollowsCallsIntoOtherFile()
    {
        var test = new Workflows.Analyzers.Tests.Infrastructure.AnalyzerTestWithSources<NonDeterministicTimeAnalyzer>(
            """
            public static partial class Orders
            {
                [Workflow]
                public static Task<DateTime> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(Helper());
            }
            """,
            """
            public static partial class Orders
            {
                private static DateTime Helper() => {|#0:DateTime.UtcNow|};
            }
            """);
        test.ExpectedDiagnostics.Add(Clock(0, "OrderWorkflow → Helper → DateTime.UtcNow"));
        await test.RunAsync();
    }

    [Fact]
    public async Task CallGraph_GenericHelperAndInstanceCollaborator_AreFollowed()
    {
        const string source = """
            public sealed class Pricing
            {
                public T Quote<T>(Func<DateTime, T> map) => map({|#0:DateTime.UtcNow|});
            }

            public sealed class Orders
            {
                private readonly Pricing _pricing = new();

                [Workflow]
                public Task<int> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(_pricing.Quote(d => d.Second));
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, Clock(0, "OrderWorkflow → Quote → DateTime.UtcNow"));
    }

    [Fact]
    public async Task FieldInitializer_OfTypeCreatedInWorkflow_Reports()
    {
        const string source = """
            public sealed class Receipt
            {
                public DateTime IssuedAt { get; } = {|#0:DateTime.UtcNow|};
            }

            public sealed class Unused
            {
                public DateTime IssuedAt { get; } = DateTime.UtcNow;
            }

            public static class Orders
            {
                [Workflow]
                public static Task<Receipt> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(new Receipt());
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, Clock(0, "OrderWorkflow → Receipt.ctor → DateTime.UtcNow"));
    }

    [Fact]
    public async Task CallGraph_MethodOnlyNamedInNameofTypeofAttributeOrCref_NoDiagnostic()
    {
        const string source = """
            [AttributeUsage(AttributeTargets.All)]
            public sealed class NoteAttribute(string text) : Attribute
            {
                public string Text { get; } = text;
            }

            public sealed class Stamper
            {
                public static DateTime Stamp() => DateTime.UtcNow;
            }

            public static class Orders
            {
                /// <summary>Like <see cref="Stamper.Stamp"/>, but replay-safe.</summary>
                [Workflow]
                [Note(nameof(Stamper.Stamp))]
                public static Task<string> OrderWorkflow(WorkflowContext ctx)
                {
                    [Note(nameof(Stamper.Stamp))]
                    static string Describe() => nameof(Stamper.Stamp) + typeof(Stamper).Name;

                    return Task.FromResult(Describe() + nameof(DateTime.UtcNow));
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task CallGraph_MethodNamedInNameofAndAlsoCalled_StillReports()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx) =>
                    Task.FromResult(nameof(Stamp) + Stamp());

                private static DateTime Stamp() => {|#0:DateTime.UtcNow|};
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source, Clock(0, "OrderWorkflow → Stamp → DateTime.UtcNow"));
    }

    [Fact]
    public async Task RegisteredLambdaMethodGroupAndLocalFunction_AnalysedAsWorkflows()
    {
        const string source = """
            using Workflows.Worker;

            public static class Setup
            {
                public static WorkflowRegistry Register(WorkflowRegistry registry)
                {
                    registry.AddWorkflow("Stamp", async (WorkflowContext ctx) =>
                    {
                        await ctx.DelayAsync(TimeSpan.FromSeconds(1));
                        return {|#0:DateTime.UtcNow|};
                    });
                    registry.AddWorkflow("Helper", (WorkflowContext ctx) => Task.FromResult(Read()));
                    registry.AddWorkflow("Group", Group);
                    registry.AddWorkflow("Local", Local);
                    return registry;

                    Task<DateTime> Local(WorkflowContext ctx) => Task.FromResult({|#1:DateTime.UtcNow|});
                }

                private static DateTime Read() => {|#2:DateTime.UtcNow|};

                private static Task<DateTime> Group(WorkflowContext ctx) => Task.FromResult({|#3:DateTime.UtcNow|});

                public static DateTime NotAWorkflow() => DateTime.UtcNow;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            Clock(0, "workflow \"Stamp\" → DateTime.UtcNow"),
            Clock(1, "Local → DateTime.UtcNow"),
            Clock(2, "workflow \"Helper\" → Read → DateTime.UtcNow"),
            Clock(3, "Group → DateTime.UtcNow"));
    }

    [Fact]
    public async Task RegisteredActivityLambdaAndSideEffect_NoDiagnostic()
    {
        const string source = """
            using Workflows.Worker;

            public static class Setup
            {
                public static WorkflowRegistry Register(WorkflowRegistry registry) => registry
                    .AddActivity("Now", () => DateTime.UtcNow)
                    .AddWorkflow("Safe", async (WorkflowContext ctx) => await ctx.SideEffectAsync(() => DateTime.UtcNow));

                public static Func<DateTime> Clock() => () => DateTime.UtcNow;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
