using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Workflows.Analyzers.Tests.Infrastructure;

namespace Workflows.Analyzers.Tests;

public class WorkflowCodeSuppressorTests
{
    private const string Source = """
        public static class Orders
        {
            [Workflow]
            public static async Task<int> OrderWorkflow(WorkflowContext ctx)
            {
                await ctx.DelayAsync(TimeSpan.Zero);
                var roll = await ctx.SideEffectAsync(() => new Random(1).Next());
                return ctx.Random.Next() + roll;
            }

            public static async Task<int> Elsewhere()
            {
                await Task.Delay(1);
                return new Random(1).Next();
            }
        }
        """;

    [Fact]
    public async Task MainstreamRules_InWorkflowCode_AreSuppressed()
    {
        var diagnostics = await RunAsync(Source);

        var workflow = diagnostics.Where(d => d.Location.GetLineSpan().StartLinePosition.Line is >= 3 and <= 8).ToList();
        Assert.Contains(workflow, d => d.Id == "CA2007" && d.IsSuppressed);
        Assert.Contains(workflow, d => d.Id == "CA5394" && d.IsSuppressed && d.Location.GetLineSpan().StartLinePosition.Line == 7);
    }

    [Fact]
    public async Task MainstreamRules_OutsideWorkflowCodeAndInSideEffect_StayReported()
    {
        var diagnostics = await RunAsync(Source);

        var outside = diagnostics.Where(d => d.Location.GetLineSpan().StartLinePosition.Line >= 10).ToList();
        Assert.Equal(2, outside.Count);
        Assert.All(outside, d => Assert.False(d.IsSuppressed));
        var sideEffect = Assert.Single(diagnostics, d => d.Location.GetLineSpan().StartLinePosition.Line == 6 && d.Id == "CA5394");
        Assert.False(sideEffect.IsSuppressed);
    }

    [Fact]
    public async Task MainstreamRules_WithoutSdk_StayReported()
    {
        const string source = """
            public static class Orders
            {
                public static async Task<int> OrderWorkflow()
                {
                    await Task.Delay(1);
                    return new Random(1).Next();
                }
            }
            """;
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "NoSdk",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("global using System; global using System.Threading.Tasks;\n" + source)],
            TestReferences.All,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var diagnostics = await RunAsync(compilation);

        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.False(d.IsSuppressed));
    }

    private static Task<ImmutableArray<Diagnostic>> RunAsync(string source) => RunAsync(CompilationFactory.Create(source));

    private static async Task<ImmutableArray<Diagnostic>> RunAsync(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
        var withAnalyzers = compilation.WithAnalyzers([new MainstreamRulesStandIn(), new WorkflowCodeSuppressor()], options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Location.SourceTree?.FilePath != "GlobalUsings.cs").ToImmutableArray();
    }

    // A test stand-in for the .NET analyzers: it is never shipped, and must use their ids to be suppressed.
#pragma warning disable RS1029, RS1036, RS1038, RS1041, RS2008

    /// <summary>Reports CA2007 on every await and CA5394 on every Random.Next call, like the .NET analyzers do.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class MainstreamRulesStandIn : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor ConfigureAwait = new("CA2007", "ConfigureAwait", "Consider calling ConfigureAwait", "Reliability", DiagnosticSeverity.Warning, true);
        private static readonly DiagnosticDescriptor Randomness = new("CA5394", "Random", "Random is insecure", "Security", DiagnosticSeverity.Warning, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [ConfigureAwait, Randomness];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationAction(c => c.ReportDiagnostic(Diagnostic.Create(ConfigureAwait, c.Operation.Syntax.GetLocation())), OperationKind.Await);
            context.RegisterOperationAction(
                c =>
                {
                    if (c.Operation is IInvocationOperation { TargetMethod.Name: "Next", TargetMethod.ContainingType.Name: "Random" })
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Randomness, c.Operation.Syntax.GetLocation()));
                    }
                },
                OperationKind.Invocation);
        }
    }
#pragma warning restore RS1029, RS1036, RS1038, RS1041, RS2008
}
