using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.ThreadSynchronizationAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class ThreadSynchronizationAnalyzerTests
{
    private const string Coroutines = "plain code (workflow coroutines never run in parallel) or 'ctx.NewChannel<T>()'";

    [Fact]
    public async Task LockSemaphoreAndChannel_InWorkflow_Report()
    {
        const string source = """
            public class Orders
            {
                private readonly object _gate = new();

                [Workflow]
                public async Task OrderWorkflow(WorkflowContext ctx)
                {
                    {|#0:lock|} (_gate)
                    {
                    }

                    var semaphore = {|#1:new SemaphoreSlim(1)|};
                    await {|#2:semaphore.WaitAsync()|};
                    var channel = {|#3:System.Threading.Channels.Channel.CreateUnbounded<int>()|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadSynchronization).WithLocation(0).WithArguments("lock", Coroutines, "OrderWorkflow → lock"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadSynchronization).WithLocation(1).WithArguments("new SemaphoreSlim", Coroutines, "OrderWorkflow → new SemaphoreSlim"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadSynchronization).WithLocation(2).WithArguments("SemaphoreSlim.WaitAsync", Coroutines, "OrderWorkflow → SemaphoreSlim.WaitAsync"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadSynchronization).WithLocation(3).WithArguments("Channel.CreateUnbounded", "'ctx.NewChannel<T>()'", "OrderWorkflow → Channel.CreateUnbounded"));
    }

    [Fact]
    public async Task MonitorAndMutex_ThroughHelper_ReportChain()
    {
        const string source = """
            public static class Orders
            {
                private static readonly object Gate = new();

                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx)
                {
                    Guarded();
                    return Task.CompletedTask;
                }

                private static void Guarded()
                {
                    {|#0:Monitor.Enter(Gate)|};
                    using var mutex = {|#1:new Mutex()|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadSynchronization).WithLocation(0).WithArguments("Monitor.Enter", Coroutines, "OrderWorkflow → Guarded → Monitor.Enter"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ThreadSynchronization).WithLocation(1).WithArguments("new Mutex", Coroutines, "OrderWorkflow → Guarded → new Mutex"));
    }

    [Fact]
    public async Task Synchronization_WorkflowChannelOrLockInActivity_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                private static readonly object Gate = new();

                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx)
                {
                    var channel = ctx.NewChannel<int>();
                    await channel.SendAsync(1);
                    await channel.ReceiveAsync();
                }

                [Activity]
                public static void Count()
                {
                    lock (Gate)
                    {
                    }
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
