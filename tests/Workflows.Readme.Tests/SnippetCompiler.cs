using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Workflows.Analyzers;
using Workflows.Generators;

namespace Workflows.Readme.Tests;

/// <summary>
/// Compiles README snippets the way a user's project would: against the Workflows assemblies, with the source
/// generator run first and the WF analyzers run after. Every warning counts, as in the repo's own builds.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The SDK's implicit usings, which a user's project has and the README's snippets rely on.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;

        """;

    private const string FragmentUsings = """
        #pragma warning disable CS1998 // a fragment need not await
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Workflows;
        using Workflows.Backends;
        using Workflows.Client;
        using Workflows.Dashboard;
        using Workflows.Diagnostics;
        using Workflows.MySql;
        using Workflows.Postgres;
        using Workflows.Sqlite;
        using Workflows.Worker;
        """;

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        // Everything the test host loads (the framework, ASP.NET Core, the Workflows packages and their dependencies),
        // less the test machinery, which no snippet may rely on.
        string[] excluded = ["xunit", "Microsoft.CodeAnalysis", "Microsoft.TestPlatform", "Microsoft.VisualStudio", "testhost", "Workflows.Readme.Tests", "Workflows.Generators", "Workflows.Analyzers"];
        return [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !excluded.Any(e => Path.GetFileName(p).StartsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_analyzers = new(() => [.. typeof(WorkflowAnalyzerBase).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)]);

    /// <summary>
    /// Compiles <paramref name="snippets"/>[<paramref name="index"/>] (with the snippets before it that it asks for, and
    /// the shared context when it asks for it) and returns every warning or error, each naming its README line.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CompileAsync(IReadOnlyList<ReadmeSnippet> snippets, int index, string context)
    {
        var parts = new List<ReadmeSnippet> { snippets[index] };
        for (int i = index; i > 0 && snippets[i].WithPrevious; i--)
        {
            parts.Insert(0, snippets[i - 1]);
        }

        var sources = new Dictionary<SyntaxTree, (ReadmeSnippet Snippet, int PrefixLines)>();
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ImplicitUsings, s_parseOptions, path: "ImplicitUsings.cs") };
        bool withContext = parts.Any(p => p.WithContext);
        if (withContext)
        {
            trees.Add(CSharpSyntaxTree.ParseText(context, s_parseOptions, path: "Snippets/Context.cs"));
        }

        foreach (var part in parts)
        {
            var (text, prefix) = Wrap(part, withContext);
            var tree = CSharpSyntaxTree.ParseText(text, s_parseOptions, path: $"README.md:{part.Line}");
            sources[tree] = (part, prefix);
            trees.Add(tree);
        }

        bool program = trees.Any(t => t.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            $"Readme.Snippet{snippets[index].Line}",
            trees,
            s_references.Value,
            new CSharpCompilationOptions(
                program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create([new WorkflowGenerator().AsSourceGenerator()], parseOptions: s_parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var analyzerDiagnostics = await output.WithAnalyzers(s_analyzers.Value).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);

        return [.. generatorDiagnostics.Concat(output.GetDiagnostics()).Concat(analyzerDiagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .Select(d => Describe(d, sources))
            .Distinct(StringComparer.Ordinal)];
    }

    private static (string Text, int PrefixLines) Wrap(ReadmeSnippet snippet, bool withContext)
    {
        string usings = FragmentUsings + (withContext ? "\nusing Readme.Context;" : "");
        string prefix = snippet.Kind switch
        {
            SnippetKind.File => withContext ? "using Readme.Context;\n" : "",
            SnippetKind.WorkflowBody => $$"""
                {{usings}}
                public static class ReadmeSnippet{{snippet.Line}}
                {
                    [Workflow]
                    public static async Task Line{{snippet.Line}}(WorkflowContext ctx)
                    {

                """,
            SnippetKind.Statements => $$"""
                {{usings}}
                public static class ReadmeSnippet{{snippet.Line}}
                {
                    public static async Task Run(IBackend backend, WorkflowClient client, WorkflowRegistry registry, WebApplicationBuilder builder, WebApplication app, IServiceCollection services, CancellationToken cancellationToken)
                    {

                """,
            _ => throw new ArgumentOutOfRangeException(nameof(snippet)),
        };
        string suffix = snippet.Kind == SnippetKind.File ? "" : "\n    }\n}\n";
        return (prefix + snippet.Code + suffix, prefix.Count(c => c == '\n'));
    }

    private static string Describe(Diagnostic diagnostic, Dictionary<SyntaxTree, (ReadmeSnippet Snippet, int PrefixLines)> sources)
    {
        var location = diagnostic.Location;
        if (location.SourceTree is { } tree && sources.TryGetValue(tree, out var source))
        {
            int line = location.GetLineSpan().StartLinePosition.Line;
            string where = line >= source.PrefixLines
                ? $"README.md line {source.Snippet.Line + line - source.PrefixLines}"
                : $"the wrapper of the README.md snippet at line {source.Snippet.Line}";
            return $"{where}: {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        return diagnostic.ToString();
    }
}
