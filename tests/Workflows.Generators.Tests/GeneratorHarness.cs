using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workflows.Generators;

namespace Workflows.Generators.Tests;

/// <summary>Builds compilations against the real Workflows assembly and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // The test host's own platform assemblies, plus the runtime the generated code targets.
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(WorkflowContext).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public const string Usings = """
        global using System;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Workflows;
        global using Workflows.Client;
        global using Workflows.Worker;

        """;

    /// <summary>A library compilation with nullable on and every warning reported, as the repo builds.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CreateCompilation("Tests.Generated", [], sources);

    /// <summary>A named library compilation that also references <paramref name="references"/> (other test assemblies).</summary>
    public static CSharpCompilation CreateCompilation(string assemblyName, IEnumerable<MetadataReference> references, params string[] sources)
        => CSharpCompilation.Create(
            assemblyName,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")).Prepend(CSharpSyntaxTree.ParseText(Usings, ParseOptions, path: "Usings.cs")),
            s_references.Value.AddRange(references),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));

    public static GeneratorDriver CreateDriver(bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            [new WorkflowGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator and returns the generated files (by hint name) and the compilation that includes them.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var compilation = CreateCompilation(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        // WF21xx are the payload rules (a tuple that has no generated metadata); each has tests of its own.
        Assert.Empty(diagnostics.Where(d => !d.Id.StartsWith("WF21", StringComparison.Ordinal)));
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Everything the compiler says about a compilation that is a warning or worse (the repo treats warnings as errors).</summary>
    /// <remarks>The test sources carry no XML docs, so missing docs count only in generated files.</remarks>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation)
        => compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .Where(d => d.Id != "CS1591" || IsGenerated(d.Location.SourceTree))
            .ToList();

    public static bool IsGenerated(SyntaxTree? tree) => tree is not null && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal);

    public static string Format(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
