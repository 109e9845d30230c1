using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Workflows.Analyzers.Tests.Infrastructure;

/// <summary>Configures a test state with the .NET references, the Workflows SDK stub and global usings.</summary>
internal static class TestSetup
{
    public const string GlobalUsingsPath = "/0/GlobalUsings.cs";

    public static void Configure(SolutionState state, bool includeSdk)
    {
        state.AdditionalReferences.AddRange(TestReferences.All);
        if (includeSdk)
        {
            state.AdditionalReferences.Add(TestReferences.Sdk);
            state.Sources.Add((GlobalUsingsPath, WorkflowsStub.GlobalUsings));
        }
    }
}

/// <summary>Runs an analyzer over test code that uses the Workflows SDK.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, includeSdk: true, additionalFiles: [], expected);

    public static Task VerifyAsync(string source, bool includeSdk, (string Path, string Content)[] additionalFiles, params DiagnosticResult[] expected)
    {
        var test = new Test(includeSdk) { TestCode = source };
        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test(bool includeSdk)
        {
            ReferenceAssemblies = TestReferences.None;
            TestSetup.Configure(TestState, includeSdk);
        }
    }
}

/// <summary>Runs an analyzer and its code fix over test code that uses the Workflows SDK.</summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
        => VerifyCodeFixAsync(source, expected, fixedSource, equivalenceKey: null);

    /// <summary>Verifies the fix offered under <paramref name="equivalenceKey"/> (the first one when null).</summary>
    public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource, string? equivalenceKey)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Verifies that the diagnostics are reported but no fix is offered.</summary>
    public static Task VerifyNoCodeFixAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;
            TestSetup.Configure(TestState, includeSdk: true);
            FixedState.Sources.Add((TestSetup.GlobalUsingsPath, WorkflowsStub.GlobalUsings));
        }
    }
}

/// <summary>Runs any analyzer instance (chosen at run time) over a source.</summary>
internal sealed class DynamicAnalyzerTest : CSharpAnalyzerTest<EmptyDiagnosticAnalyzer, DefaultVerifier>
{
    private readonly DiagnosticAnalyzer _analyzer;

    public DynamicAnalyzerTest(DiagnosticAnalyzer analyzer, bool includeSdk)
    {
        _analyzer = analyzer;
        ReferenceAssemblies = TestReferences.None;
        TestSetup.Configure(TestState, includeSdk);
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [_analyzer];
}

/// <summary>An analyzer test over several source files that use the Workflows SDK.</summary>
internal sealed class AnalyzerTestWithSources<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTestWithSources(params string[] sources)
    {
        ReferenceAssemblies = TestReferences.None;
        TestSetup.Configure(TestState, includeSdk: true);
        foreach (var source in sources)
        {
            TestState.Sources.Add(source);
        }
    }
}
