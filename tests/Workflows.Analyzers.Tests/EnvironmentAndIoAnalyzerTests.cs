using VerifyAnalyzer = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.EnvironmentAndIoAnalyzer>;

namespace Workflows.Analyzers.Tests;

public class EnvironmentAndIoAnalyzerTests
{
    private const string Activity = "an activity ('ctx.ExecuteActivityAsync')";
    private const string Input = "a value passed in as workflow input or returned by an activity";

    [Fact]
    public async Task EnvironmentReads_InWorkflow_ReportWF1010()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx) =>
                    Task.FromResult({|#0:Environment.GetEnvironmentVariable("REGION")|} + {|#1:Environment.MachineName|} + {|#2:Environment.ProcessorCount|});
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.EnvironmentAccess).WithLocation(0).WithArguments("Environment.GetEnvironmentVariable", Input, "OrderWorkflow → Environment.GetEnvironmentVariable"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.EnvironmentAccess).WithLocation(1).WithArguments("Environment.MachineName", Input, "OrderWorkflow → Environment.MachineName"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.EnvironmentAccess).WithLocation(2).WithArguments("Environment.ProcessorCount", Input, "OrderWorkflow → Environment.ProcessorCount"));
    }

    [Fact]
    public async Task FileHttpProcessAndConsoleInput_ThroughHelper_ReportWF1011()
    {
        const string source = """
            public class Orders
            {
                private readonly System.Net.Http.HttpClient _http = new();

                [Workflow]
                public Task<string> OrderWorkflow(WorkflowContext ctx) => Load();

                private async Task<string> Load()
                {
                    var text = {|#0:System.IO.File.ReadAllText("orders.json")|};
                    var page = await {|#1:_http.GetStringAsync("https://example.invalid")|};
                    {|#2:System.Diagnostics.Process.Start("notify")|};
                    return text + page + {|#3:Console.ReadLine()|};
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(0).WithArguments("File.ReadAllText", Activity, "OrderWorkflow → Load → File.ReadAllText"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(1).WithArguments("HttpClient.GetStringAsync", Activity, "OrderWorkflow → Load → HttpClient.GetStringAsync"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(2).WithArguments("Process.Start", Activity, "OrderWorkflow → Load → Process.Start"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(3).WithArguments("Console.ReadLine", Input, "OrderWorkflow → Load → Console.ReadLine"));
    }

    [Fact]
    public async Task DbConnectionSubclass_InWorkflow_ReportsThroughBaseType()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task OrderWorkflow(WorkflowContext ctx, System.Data.Common.DbConnection connection)
                {
                    {|#0:connection.Open()|};
                    return Task.CompletedTask;
                }
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(0).WithArguments("DbConnection.Open", Activity, "OrderWorkflow → DbConnection.Open"));
    }

    [Fact]
    public async Task UserBannedApis_FromAdditionalFile_Report()
    {
        const string source = """
            namespace Contoso
            {
                public sealed class Gateway
                {
                    public int Charge(int amount) => amount;
                }

                public static class Clock
                {
                    public static int Seconds() => 0;
                    public static int Fixed() => 0;
                }

                public static class Orders
                {
                    [Workflow]
                    public static Task<int> OrderWorkflow(WorkflowContext ctx) =>
                        Task.FromResult({|#0:{|#2:new Gateway()|}.Charge(5)|} + {|#1:Clock.Seconds()|} + Clock.Fixed());
                }
            }
            """;
        const string banned = """
            # Contoso services are only reached from activities.
            Contoso.Gateway ; IPaymentActivities.ChargeAsync
            M:Contoso.Clock.Seconds
            T:Contoso.DoesNotExist
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            includeSdk: true,
            [("/0/WorkflowsBannedApis.txt", banned)],
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(2).WithArguments("new Gateway", "'IPaymentActivities.ChargeAsync'", "OrderWorkflow → new Gateway"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(0).WithArguments("Gateway.Charge", "'IPaymentActivities.ChargeAsync'", "OrderWorkflow → Gateway.Charge"),
            VerifyAnalyzer.Diagnostic(DiagnosticIds.InputOutput).WithLocation(1).WithArguments("Clock.Seconds", Activity, "OrderWorkflow → Clock.Seconds"));
    }

    [Fact]
    public async Task IoApis_InActivityOrPureHelpers_NoDiagnostic()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx) =>
                    ctx.ExecuteActivityAsync<string>("Read", null, System.IO.Path.Combine("a", "b"));

                [Activity]
                public static string Read(string path) => System.IO.File.ReadAllText(path) + Environment.MachineName;
            }
            """;
        await VerifyAnalyzer.VerifyAsync(source);
    }

    [Fact]
    public async Task EnvironmentRead_ThroughHelper_ReportsChain()
    {
        const string source = """
            public static class Orders
            {
                [Workflow]
                public static Task<string> OrderWorkflow(WorkflowContext ctx) => Task.FromResult(Region.Current());
            }

            public static class Region
            {
                public static string Current() => {|#0:Environment.GetEnvironmentVariable("REGION")|} ?? "eu";
            }
            """;
        await VerifyAnalyzer.VerifyAsync(
            source,
            VerifyAnalyzer.Diagnostic(DiagnosticIds.EnvironmentAccess).WithLocation(0).WithArguments("Environment.GetEnvironmentVariable", Input, "OrderWorkflow → Current → Environment.GetEnvironmentVariable"));
    }
}
