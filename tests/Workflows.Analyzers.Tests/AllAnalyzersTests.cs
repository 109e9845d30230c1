using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers.Tests.Infrastructure;

namespace Workflows.Analyzers.Tests;

/// <summary>Checks that hold for every analyzer: silence on empty sources and on projects without the SDK.</summary>
public class AllAnalyzersTests
{
    /// <summary>A workflow class that breaks every rule.</summary>
    private const string Violations = """
        public static class Orders
        {
            private static int s_counter;

            [Workflow]
            public static async Task<string> OrderWorkflow(WorkflowContext ctx, Dictionary<string, int> lines)
            {
                var now = DateTime.UtcNow;
                var id = Guid.NewGuid();
                var local = now.ToLocalTime();
                var shard = id.ToString().GetHashCode();
                var price = double.Parse(id.ToString());
                await Task.Delay(10).ConfigureAwait(false);
                Task.Run(() => { }).Wait();
                lock (lines) { s_counter++; }
                foreach (var line in lines) { Console.WriteLine(line.Key); }
                var text = System.IO.File.ReadAllText(Environment.GetEnvironmentVariable("PATH")!);
                Action fire = async () => await new System.IO.StringReader(text).ReadToEndAsync();
                if (ctx.IsPatched("p") && ctx.IsPatched("p")) { }
                while (true)
                {
                    await ctx.DelayAsync(TimeSpan.Zero);
                }
            }
        }
        """;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The violations inside a method marked with look-alike types that are not the SDK's.</summary>
    private const string LookAlikeSource = Usings + """
        namespace NotWorkflows
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class WorkflowAttribute : Attribute { }

            public sealed class WorkflowContext
            {
                public Task DelayAsync(TimeSpan delay) => Task.CompletedTask;
                public bool IsPatched(string patchId) => true;
            }
        }

        namespace Sample
        {
            using NotWorkflows;

        """ + Violations + """
        }
        """;

    /// <summary>The same violations against the SDK.</summary>
    private const string SdkSource = Usings + """
        namespace Sample
        {
            using Workflows;

        """ + Violations + """
        }
        """;

    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (var type in AnalyzerTypes())
        {
            data.Add(type.Name);
        }

        return data;
    }

    internal static IEnumerable<Type> AnalyzerTypes() =>
        typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static DiagnosticAnalyzer Create(string name) =>
        (DiagnosticAnalyzer)Activator.CreateInstance(AnalyzerTypes().Single(t => t.Name == name))!;

    [Fact]
    public void AnalyzerTypes_Discovered_CoverEveryRuleFile()
    {
        Assert.True(AnalyzerTypes().Count() >= 15, string.Join(", ", AnalyzerTypes().Select(t => t.Name)));
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public async Task Analyzer_EmptySource_ReportsNothing(string analyzer)
    {
        var test = new DynamicAnalyzerTest(Create(analyzer), includeSdk: true) { TestCode = string.Empty };
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public async Task Analyzer_ProjectWithoutSdk_ReportsNothing(string analyzer)
    {
        var test = new DynamicAnalyzerTest(Create(analyzer), includeSdk: false) { TestCode = LookAlikeSource };
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public async Task Analyzer_SameViolationsWithSdk_ReportsSomething(string analyzer)
    {
        // Guards the test above: the same code does break the rules once the real SDK is used.
        var compilation = CompilationFactory.Create(SdkSource);
        var instance = Create(analyzer);

        // Definition analyzers (WF2xxx) check declarations, which are valid here; their own tests cover them.
        if (instance is DiagnosticSuppressor or DefinitionAnalyzerBase or WorkflowClassAnalyzer or QuerySideEffectAnalyzer)
        {
            return;
        }

        var diagnostics = await compilation.WithAnalyzers([instance]).GetAnalyzerDiagnosticsAsync();
        Assert.NotEmpty(diagnostics);
    }
}
