using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Workflows.Analyzers.Tests;

/// <summary>
/// Runs every analyzer once over a large compilation. The diagnostic count is asserted; the timing is
/// only written to the test output (see docs/analyzers.md, "Measuring").
/// </summary>
public class PerformanceTests(ITestOutputHelper output)
{
    private const int WorkflowCount = 500;

    private static string WorkflowSource(int i) => $$"""
        public sealed class Order{{i}}Workflows
        {
            private readonly Dictionary<string, int> _lines = new();

            [Workflow]
            public async Task<int> Order{{i}}Workflow(WorkflowContext ctx, int quantity)
            {
                var total = 0;
                for (var line = 0; line < quantity; line++)
                {
                    total += await ctx.ExecuteActivityAsync<int>("Price", null, line, Stamp());
                }

                await ctx.DelayAsync(TimeSpan.FromMinutes(5));
                var id = ctx.NewGuid();
                ctx.Logger.LogInformation("Order {Id} priced", id);
                return total + _lines.Count + Shared.Tax(total);
            }

            private static DateTime Stamp() => DateTime.UtcNow;

            [Activity]
            public static async Task<int> Price(int line)
            {
                await Task.Delay(1).ConfigureAwait(false);
                return new Random().Next(line + 1);
            }
        }
        """;

    private const string SharedSource = """
        public static class Shared
        {
            public static int Tax(int amount) => amount / 5;
        }
        """;

    [Fact]
    public async Task Performance_FiveHundredWorkflows_ReportsEachViolationOnce()
    {
        var sources = new List<string> { SharedSource };
        for (var i = 0; i < WorkflowCount; i++)
        {
            sources.Add(WorkflowSource(i));
        }

        var compilation = CompilationFactory.Create([.. sources]);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = AllAnalyzersTests.AnalyzerTypes().Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);

        // Baseline: an analyzer that visits every operation, which makes the driver bind every method
        // body, as any operation analyzer does. The difference is the Workflows analyzers' own cost.
        var baselineWatch = Stopwatch.StartNew();
        await CompilationFactory.Create([.. sources]).WithAnalyzers([new BindEverythingAnalyzer()], options).GetAnalyzerDiagnosticsAsync();
        baselineWatch.Stop();

        var watch = Stopwatch.StartNew();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        watch.Stop();

        Assert.Equal(WorkflowCount, diagnostics.Count(d => d.Id == DiagnosticIds.NonDeterministicTime));
        Assert.Equal(WorkflowCount, diagnostics.Length);

        var report = new StringBuilder();
        report.AppendLine($"{WorkflowCount} workflows, {compilation.SyntaxTrees.Length} syntax trees: all analyzers in {watch.ElapsedMilliseconds} ms; baseline (bind every operation) {baselineWatch.ElapsedMilliseconds} ms");
        report.AppendLine("Per analyzer (the first analyzer to ask for the call graph is charged for building it):");
        foreach (var analyzer in analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            report.AppendLine($"  {analyzer.GetType().Name}: {telemetry.ExecutionTime.TotalMilliseconds:F0} ms");
        }

        output.WriteLine(report.ToString());
    }

#pragma warning disable RS1036, RS1038, RS1041, RS2008 // Test-only baseline analyzer, never shipped.
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BindEverythingAnalyzer : DiagnosticAnalyzer
    {
        // The driver skips analyzers without a supported diagnostic, so declare one that is never reported.
        private static readonly DiagnosticDescriptor Never = new("PERF0001", "Never reported", "Never reported", "Test", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.Await);
        }
    }
#pragma warning restore RS1036, RS1038, RS1041, RS2008
}
