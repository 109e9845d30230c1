using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workflows;
using Workflows.Generators;
using Workflows.Generators.Benchmarks;

// Times the generator on a large compilation: 500 workflows and 2,000 activities in 100 files.
// Stopwatch medians over repeated runs; timings are reported here, never asserted in tests.
// Usage: dotnet run -c Release --project tests/Workflows.Generators.Benchmarks [-- iterations]
int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
const int Files = 100;
const int WorkflowsPerFile = 5;
const int ActivitiesPerFile = 20;

var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll")
    .Append(typeof(WorkflowContext).Assembly.Location)
    .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location)
    .Distinct()
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
    .ToList();

var sources = Enumerable.Range(0, Files).Select(SourceFile).ToList();
CSharpCompilation NewCompilation() => CSharpCompilation.Create(
    "Bench",
    sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"File{i}.cs")),
    references,
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create([new WorkflowGenerator().AsSourceGenerator()], parseOptions: parseOptions);
GeneratorDriver NewBaselineDriver() => CSharpGeneratorDriver.Create([new AttributeOnlyGenerator().AsSourceGenerator()], parseOptions: parseOptions);

// Sanity: the generated code is complete and compiles.
{
    var driver = NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out var output, out _);
    var result = driver.GetRunResult();
    var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    Console.WriteLine($"Input: {Files} files, {Files * WorkflowsPerFile} workflows, {Files * ActivitiesPerFile} activities");
    Console.WriteLine($"Output: {result.GeneratedTrees.Length} files, {result.GeneratedTrees.Sum(t => t.Length):N0} chars, {errors.Count} compile errors");
    if (errors.Count > 0)
    {
        Console.WriteLine(string.Join(Environment.NewLine, errors.Take(5)));
        return 1;
    }
}

Report("First run (fresh compilation and driver)", Measure(iterations, () =>
{
    var compilation = NewCompilation();
    var driver = NewDriver();
    return () => driver.RunGenerators(compilation);
}));

Report("Incremental: edit one method body", Measure(iterations, () =>
{
    var (driver, compilation, tree) = Warm();
    var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("=> a + 1;", "=> a + 2;", StringComparison.Ordinal)));
    var next = compilation.ReplaceSyntaxTree(tree, edited);
    return () => driver.RunGenerators(next);
}));

Report("Incremental: change one activity signature", Measure(iterations, () =>
{
    var (driver, compilation, tree) = Warm();
    var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("Activity_50_0(int a)", "Activity_50_0(long a)", StringComparison.Ordinal)));
    var next = compilation.ReplaceSyntaxTree(tree, edited);
    return () => driver.RunGenerators(next);
}));

Report("Incremental: add a file without workflows", Measure(iterations, () =>
{
    var (driver, compilation, _) = Warm();
    var next = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", parseOptions, path: "X.cs"));
    return () => driver.RunGenerators(next);
}));
Report("Rerun, nothing changed", Measure(iterations, () =>
{
    var (driver, compilation, _) = Warm();
    return () => driver.RunGenerators(compilation);
}));

// The floor: a generator that only finds the same attributes, to separate the compiler's own binding
// cost from what the workflow generator adds on top.
Report("Baseline: attribute lookup only, first run", Measure(iterations, () =>
{
    var compilation = NewCompilation();
    var driver = NewBaselineDriver();
    return () => driver.RunGenerators(compilation);
}));

Report("Baseline: attribute lookup only, body edit", Measure(iterations, () =>
{
    var compilation = NewCompilation();
    var driver = NewBaselineDriver().RunGenerators(compilation);
    var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "File50.cs");
    var edited = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(tree.ToString().Replace("=> a + 1;", "=> a + 2;", StringComparison.Ordinal)));
    var next = compilation.ReplaceSyntaxTree(tree, edited);
    return () => driver.RunGenerators(next);
}));

return 0;

(GeneratorDriver Driver, Compilation Compilation, SyntaxTree Tree) Warm()
{
    var compilation = NewCompilation();
    var driver = NewDriver().RunGenerators(compilation);
    return (driver, compilation, compilation.SyntaxTrees.Single(t => t.FilePath == "File50.cs"));
}

// Setup runs outside the timed region; the first two runs warm the JIT and are dropped.
// Wall time of one RunGenerators call, and the process CPU time it used: on a shared machine the wall time
// includes waiting for a core, the CPU time does not.
static (List<double> Wall, List<double> Cpu) Measure(int count, Func<Func<GeneratorDriver>> setup)
{
    var wall = new List<double>();
    var cpu = new List<double>();
    using var process = Process.GetCurrentProcess();
    for (int i = 0; i < count + 2; i++)
    {
        var run = setup();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        run();
        stopwatch.Stop();
        process.Refresh();
        if (i >= 2)
        {
            wall.Add(stopwatch.Elapsed.TotalMilliseconds);
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
        }
    }

    return (wall, cpu);
}

static void Report(string name, (List<double> Wall, List<double> Cpu) times)
{
    times.Wall.Sort();
    times.Cpu.Sort();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-45} wall median {times.Wall[times.Wall.Count / 2],7:F1} ms  min {times.Wall[0],7:F1} ms   cpu median {times.Cpu[times.Cpu.Count / 2],7:F1} ms  (n={times.Wall.Count})"));
}

static string SourceFile(int file)
{
    var s = new StringBuilder();
    s.AppendLine("using System.Threading;").AppendLine("using System.Threading.Tasks;").AppendLine("using Workflows;");
    s.AppendLine(CultureInfo.InvariantCulture, $"namespace Bench.Area{file};");
    s.AppendLine(CultureInfo.InvariantCulture, $"public sealed record Input{file}(string Id, int Count);");
    s.AppendLine(CultureInfo.InvariantCulture, $"public static class Workflows{file}").AppendLine("{");
    for (int w = 0; w < WorkflowsPerFile; w++)
    {
        s.AppendLine("    [Workflow]");
        s.AppendLine(CultureInfo.InvariantCulture, $"    public static async Task<int> Workflow_{file}_{w}(WorkflowContext ctx, Input{file} input, string note)");
        s.AppendLine("    {");
        s.AppendLine(CultureInfo.InvariantCulture, $"        int a = await ctx.Activities.Activity_{file}_{w * 4}Async(input.Count);");
        s.AppendLine(CultureInfo.InvariantCulture, $"        string b = await ctx.Activities.Activity_{file}_{(w * 4) + 2}Async(input, note);");
        s.AppendLine("        return a + b.Length;");
        s.AppendLine("    }");
    }

    s.AppendLine("}");
    s.AppendLine(CultureInfo.InvariantCulture, $"public static class StaticActivities{file}").AppendLine("{");
    for (int a = 0; a < ActivitiesPerFile / 2; a++)
    {
        s.AppendLine("    [Activity]");
        s.AppendLine(a % 2 == 0
            ? $"    public static int Activity_{file}_{a * 2}(int a) => a + 1;"
            : $"    public static Task<string> Activity_{file}_{a * 2}(Input{file} input, string note, CancellationToken ct) => Task.FromResult(input.Id + note);");
    }

    s.AppendLine("}");
    s.AppendLine(CultureInfo.InvariantCulture, $"public sealed class InstanceActivities{file}").AppendLine("{");
    for (int a = 0; a < ActivitiesPerFile / 2; a++)
    {
        s.AppendLine("    [Activity]");
        s.AppendLine(a % 2 == 0
            ? $"    public ValueTask<int> Activity_{file}_{(a * 2) + 1}(int a) => new(a);"
            : $"    public Task<string> Activity_{file}_{(a * 2) + 1}(Input{file} input, string note) => Task.FromResult(note);");
    }

    s.AppendLine("}");
    return s.ToString();
}
