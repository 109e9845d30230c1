using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.ForeignAwaitAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class ForeignAwaitAnalyzerTests
{
    private const string Replacement = "an activity ('ctx.ExecuteActivityAsync')";

    [Fact]
    public async Task StreamRead_InWorkflow_Reports()
    {
        const string source = """
            public class Orders
            {
                private readonly System.IO.Stream _input = System.IO.Stream.Null;

                [Workflow]
                public async Task<int> OrderWorkflow(WorkflowContext ctx)
                {
                    var buffer = new byte[16];
                    return await {|#0:_input.ReadAsync(buffer, 0, buffer.Length)|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ForeignAwait).WithLocation(0).WithArguments("Stream.ReadAsync", Replacement, "OrderWorkflow → Stream.ReadAsync"));
    }

    [Fact]
    public async Task LibraryTaskWithConfigureAwait_ThroughHelper_ReportsChain()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx) => Load(new System.IO.StringReader("x"));

                private static async Task<string> Load(System.IO.TextReader reader) =>
                    await {|#0:reader.ReadToEndAsync()|}.ConfigureAwait(true);
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ForeignAwait).WithLocation(0).WithArguments("TextReader.ReadToEndAsync", Replacement, "OrderWorkflow → Load → TextReader.ReadToEndAsync"));
    }

    [Fact]
    public async Task Await_WorkflowAwaitables_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> OrderWorkflow(WorkflowContext ctx, Func<WorkflowContext, Task<int>> step)
                {
                    var a = ctx.ExecuteActivityAsync<int>("A", null);
                    var b = Helper(ctx);
                    await Task.WhenAll(a, b);
                    await Task.WhenAny(a, b);
                    await Task.CompletedTask;
                    await Task.Yield();
                    var c = await Task.FromResult(3);
                    var d = await step(ctx);
                    return await a + await b + c + d + (await ctx.WhenAll(a, b)).Length;
                }

                private static async Task<int> Helper(WorkflowContext ctx) => await ctx.ExecuteSubWorkflowAsync<int>("Child", null);

                [Activity]
                public static async Task<string> Download(System.IO.TextReader reader) => await reader.ReadToEndAsync();
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task HttpClientDelayAndSemaphore_InWorkflow_LeftToTheirOwnRules()
    {
        const string source = """
            public class Orders
            {
                private readonly System.Net.Http.HttpClient _http = new();

                [Workflow]
                public async Task<string> OrderWorkflow(WorkflowContext ctx)
                {
                    await Task.Delay(1);
                    await Task.Run(() => { });
                    await new SemaphoreSlim(1).WaitAsync();
                    return await _http.GetStringAsync("https://example.invalid");
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task ForeignTasks_PassedToWhenAll_ReportEach()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task OrderWorkflow(WorkflowContext ctx, System.IO.TextReader a, System.IO.TextReader b)
                {
                    await Task.WhenAll({|#0:a.ReadToEndAsync()|}, {|#1:b.ReadToEndAsync()|}, ctx.ExecuteActivityAsync<string>("C", null));
                    await ctx.WhenAny({|#2:a.ReadLineAsync()|});
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ForeignAwait).WithLocation(0).WithArguments("TextReader.ReadToEndAsync", Replacement, "OrderWorkflow → TextReader.ReadToEndAsync"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ForeignAwait).WithLocation(1).WithArguments("TextReader.ReadToEndAsync", Replacement, "OrderWorkflow → TextReader.ReadToEndAsync"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.ForeignAwait).WithLocation(2).WithArguments("TextReader.ReadLineAsync", Replacement, "OrderWorkflow → TextReader.ReadLineAsync"));
    }

    [Fact]
    public async Task AwaitListElement_OfActivityTasks_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static async Task<int> DrainWorkflow(WorkflowContext ctx)
                {
                    var pending = Enumerable.Range(1, 3).Select(i => ctx.ExecuteActivityAsync<int>("Id", null, i)).ToList();
                    var sum = 0;
                    for (var i = 0; i < pending.Count; i++)
                    {
                        sum += await pending[i];
                    }

                    return sum;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }
}
