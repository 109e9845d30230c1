using System.Reflection;
using Workflows.Tests.Shared;

namespace Workflows.Samples.Tests;

/// <summary>
/// Runs a built sample as its own process, the way <c>dotnet run --project samples/Name</c> does, on its default
/// backend: a SQLite file in the temp directory, which here is a fresh directory per run (TMPDIR), so runs in parallel
/// never share a database and the test can check the sample cleaned up after itself.
/// </summary>
internal static class SampleRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<string> RunAsync(string sample, params string[] arguments)
    {
        string directory = Directory.CreateTempSubdirectory("workflows-sample-").FullName;
        try
        {
            string output = await RunInAsync(directory, sample, arguments);
            Assert.Contains("Running on SQLite file " + directory, output, StringComparison.Ordinal);
            Assert.True(
                Directory.GetFileSystemEntries(directory).Length == 0,
                $"{sample} left files behind: {string.Join(", ", Directory.GetFileSystemEntries(directory))}\n{output}");
            return output;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs a sample as a process in <paramref name="directory"/> (its working and temporary directory) and returns what it printed; it must exit 0.</summary>
    public static async Task<string> RunInAsync(string directory, string sample, params string[] arguments)
    {
        string dll = Path.Combine(Metadata("SamplesDirectory"), sample, "bin", Metadata("SamplesConfiguration"), "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project builds every sample first.");
        var (exitCode, output) = await ChildProcess.RunAsync(
            directory,
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["exec", dll, .. arguments],
            Timeout,
            new Dictionary<string, string> { ["TMPDIR"] = directory });
        Assert.True(exitCode == 0, $"{sample} exited with code {exitCode}:\n{output}");
        return output;
    }

    private static string Metadata(string key) => typeof(SampleRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
