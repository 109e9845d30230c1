using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers.Tests.Infrastructure;
using VerifyTime = Workflows.Analyzers.Tests.Infrastructure.AnalyzerVerifier<Workflows.Analyzers.NonDeterministicTimeAnalyzer>;

namespace Workflows.Analyzers.Tests;

// Signal handlers and queries of a workflow class run during replay like the run method: the determinism rules
// must reach them, and everything they call.
public class WorkflowClassDeterminismTests
{
    [Fact]
    public async Task ClockInSignalHandlerQueryAndRunHelper_Reports()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                private DateTime _at;

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.FromResult(Stamp());

                [WorkflowSignal]
                public void Touch(int n) => _at = DateTime.UtcNow;

                [WorkflowQuery]
                public bool Stale => _at < DateTime.UtcNow;

                [WorkflowQuery]
                public long Age() => (DateTime.UtcNow - _at).Ticks;

                private DateTime Stamp() => DateTime.UtcNow;
            }
            """;
        var diagnostics = await CompilationFactory.Create(source).WithAnalyzers([new NonDeterministicTimeAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        var messages = diagnostics.Where(d => d.Id == DiagnosticIds.NonDeterministicTime).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, messages.Count);
        Assert.Contains(messages, m => m.Contains("reached from Touch", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Stale", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("reached from Age", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Run → Stamp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RandomnessInAsyncSignalHandlerAndMachineFactInQueryHelper_Report()
    {
        const string source = """
            [Workflow]
            public sealed class Orders
            {
                private Guid _token;
                private string _note = "";

                [WorkflowRun]
                public Task Run(WorkflowContext ctx) => Task.CompletedTask;

                [WorkflowSignal]
                public async Task Renew(int n)
                {
                    await Task.CompletedTask;
                    _token = Guid.NewGuid();
                }

                [WorkflowQuery]
                public string Note() => Describe(_note);

                private static string Describe(string note) => note + Environment.MachineName;
            }
            """;
        var analyzers = AllAnalyzersTests.AnalyzerTypes().Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
        var diagnostics = await CompilationFactory.Create(source).WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();

        var found = diagnostics.Select(d => (d.Id, Message: d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Contains(found, d => d.Id == DiagnosticIds.NonDeterministicRandom && d.Message.Contains("reached from Renew", StringComparison.Ordinal));
        Assert.Contains(found, d => d.Id == DiagnosticIds.EnvironmentAccess && d.Message.Contains("Note → Describe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClockInPlainMethodOfUnmarkedClass_NoDiagnostic()
    {
        const string source = """
            public sealed class Orders
            {
                public void Touch(int n) => _ = DateTime.UtcNow;

                public bool Stale => DateTime.UtcNow.Year > 2000;
            }
            """;
        await VerifyTime.VerifyAsync(source);
    }
}
