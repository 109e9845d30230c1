using System.Reflection;
using System.Text.RegularExpressions;
using Workflows.Tests.Shared;

namespace Workflows.Aot.Tests;

/// <summary>
/// Publishes samples/Aot with NativeAOT and runs it: a worker and client on SQLite running a workflow with
/// activities, with every payload going through generated metadata. One test, since a publish takes minutes.
/// </summary>
public sealed partial class NativeAotSampleTests : IDisposable
{
    private static readonly string RepositoryRoot = typeof(NativeAotSampleTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private readonly string _output = Path.Combine(Path.GetTempPath(), "workflows-aot-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [AotFact]
    public async Task PublishAot_Sample_HasNoWorkflowsWarningsAndPrintsTheResult()
    {
        string project = Path.Combine(RepositoryRoot, "samples", "Aot", "Aot.csproj");
        var publish = await RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", Path.Combine(_output, "bin"), "-nologo", "-clp:NoSummary"], TimeSpan.FromMinutes(15));
        Assert.True(publish.ExitCode == 0, "publish failed:\n" + publish.Output);

        // Trim (IL2xxx) and AOT (IL3xxx) warnings that name Workflows code; the log is the place they appear.
        var ours = TrimOrAotWarning().Matches(publish.Output).Select(m => m.Value).Where(w => w.Contains("Workflows", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(ours.Count == 0, "trim/AOT warnings from Workflows:\n" + string.Join("\n", ours));

        string binary = Path.Combine(_output, "bin", "Aot");
        Assert.True(File.Exists(binary), "no native binary at " + binary);
        Assert.False(File.Exists(Path.Combine(_output, "bin", "Aot.dll")), "the publish produced IL, not a native binary");

        var run = await RunAsync(binary, ["--db", Path.Combine(_output, "aot.db")], TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, "the binary failed:\n" + run.Output);
        Assert.Contains("Shipped order-42 with Northwind for 22.00 at 2026-11-27T12:00:00.0000000+00:00", run.Output, StringComparison.Ordinal);
        Assert.Contains("Items: book x3, lamp x1", run.Output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, TimeSpan timeout)
        => ChildProcess.RunAsync(RepositoryRoot, file, arguments, timeout);

    [GeneratedRegex(@"warning IL[23]\d{3}:[^\r\n]*")]
    private static partial Regex TrimOrAotWarning();
}
