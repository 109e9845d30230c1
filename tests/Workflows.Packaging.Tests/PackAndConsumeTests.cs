using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workflows.Tests.Shared;

namespace Workflows.Packaging.Tests;

/// <summary>
/// Packs every package into a temporary feed and builds a solution outside the repository that uses them
/// the way a team would: a workflows library, a host with workflows of its own, a worker service, a web app with the
/// dashboard, and a test project, with package references only. One test, since packing and restoring take a while.
/// </summary>
/// <remarks>
/// The packs build into their own artifacts folder (the repository's bin/obj are left alone), and the consumer
/// restores into its own NuGet packages folder, so a package cached by an earlier run can never stand in for the
/// fresh one. Restore reads the temporary feed first, then the machine's packages folder and its configured
/// sources for the third-party packages.
/// </remarks>
public sealed partial class PackAndConsumeTests : IDisposable
{
    private static readonly string[] s_packages = ["Workflows", "Workflows.Sqlite", "Workflows.MySql", "Workflows.Postgres", "Workflows.Testing", "Workflows.Cli", "Workflows.Hosting", "Workflows.Dashboard"];

    private static readonly string RepositoryRoot = typeof(PackAndConsumeTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "workflows-consumer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task PackedPackages_HostLibraryAndTests_BuildWithDiagnosticsAndRunOnSqlite()
    {
        string feed = Path.Combine(_root, "feed");
        string consumer = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(feed);

        // 1. Pack: no warnings (the repository treats warnings as errors, but pack-time ones such as NU5xxx are not compiler warnings).
        string version = "";
        foreach (string package in s_packages)
        {
            string project = Path.Combine(RepositoryRoot, "src", package, package + ".csproj");
            var pack = await RunAsync(RepositoryRoot, "dotnet", ["pack", project, "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_root, "artifacts"), "-nologo"], TimeSpan.FromMinutes(10));
            Assert.True(pack.ExitCode == 0, $"pack of {package} failed:\n{pack.Output}");
            var warnings = Warning().Matches(pack.Output).Select(m => m.Value).Distinct().ToList();
            Assert.True(warnings.Count == 0, $"pack of {package} warned:\n" + string.Join("\n", warnings));
        }

        foreach (string package in s_packages)
        {
            string nupkg = Assert.Single(Directory.GetFiles(feed, package + ".0*.nupkg"));
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), "no symbols package next to " + nupkg);
            version = Path.GetFileNameWithoutExtension(nupkg)[(package.Length + 1)..];
        }

        // 2. The consumer solution, outside the repository, pinned to the packed version.
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Consumer"), consumer);
        var central = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"));
        string VersionOf(string id) => central.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <WorkflowsVersion>{version}</WorkflowsVersion>
                <TestSdkVersion>{VersionOf("Microsoft.NET.Test.Sdk")}</TestSdkVersion>
                <XunitVersion>{VersionOf("xunit")}</XunitVersion>
                <XunitRunnerVersion>{VersionOf("xunit.runner.visualstudio")}</XunitRunnerVersion>
                <HostingVersion>{VersionOf("Microsoft.Extensions.Hosting")}</HostingVersion>
              </PropertyGroup>
            </Project>
            """);
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="workflows-packed" value="{feed}" />
                <add key="machine-packages" value="{machinePackages}" />
              </packageSources>
            </configuration>
            """);
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") };

        // 3. Build: the analyzers in the package report the library's deliberate mistakes with their ids.
        var build = await RunAsync(consumer, "dotnet", ["build", "Shop.slnx", "-nologo"], TimeSpan.FromMinutes(10), isolated);
        Assert.True(build.ExitCode == 0, "consumer build failed:\n" + build.Output);
        Assert.Matches(@"OrderWorkflows\.cs\(\d+,\d+\): warning WF1003:[^\r\n]*Task\.Delay", build.Output);
        Assert.Matches(@"OrderWorkflows\.cs\(\d+,\d+\): warning WF1001:[^\r\n]*DateTime\.UtcNow", build.Output);

        // 4. The host: typed stubs, its own workflow and the library's registered by one call, and the blocked one explained.
        var run = await RunAsync(consumer, "dotnet", ["run", "--project", "Shop.Host", "--no-build", "--", Path.Combine(_root, "shop.db")], TimeSpan.FromMinutes(3), isolated);
        Assert.True(run.ExitCode == 0, "host failed:\n" + run.Output);
        Assert.Contains("checkout: book x3: charged 12 via acme", run.Output, StringComparison.Ordinal);
        Assert.Contains("greet: HELLO ADA", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"sleepy: Workflow instance 'order-1' did not finish within 00:00:05: instance order-1 is blocked: [^\r\n]*Task\.Delay", run.Output);

        // 5. The test project, on SQLite, with the library's registration from the package-built generator.
        var test = await RunAsync(consumer, "dotnet", ["test", "Shop.Orders.Tests", "--no-build", "-nologo"], TimeSpan.FromMinutes(5), isolated);
        Assert.True(test.ExitCode == 0, "consumer tests failed:\n" + test.Output);
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+1,", test.Output);

        // 6. A worker service: the same library in the Generic Host through Workflows.Hosting, stopped cleanly.
        var service = await RunAsync(consumer, "dotnet", ["run", "--project", "Shop.Service", "--no-build", "--", Path.Combine(_root, "service.db")], TimeSpan.FromMinutes(3), isolated);
        Assert.True(service.ExitCode == 0, "service failed:\n" + service.Output);
        Assert.Contains("service checkout: pen x2: charged 6 via hosted", service.Output, StringComparison.Ordinal);
        Assert.Contains("service stopped", service.Output, StringComparison.Ordinal);

        // 7. A web app with the dashboard mapped: its list page and JSON API answer over HTTP and show the checkout.
        var web = await RunAsync(consumer, "dotnet", ["run", "--project", "Shop.Web", "--no-build", "--", Path.Combine(_root, "web.db")], TimeSpan.FromMinutes(3), isolated);
        Assert.True(web.ExitCode == 0, "web app failed:\n" + web.Output);
        Assert.Contains("web checkout: mug x1: charged 3 via web", web.Output, StringComparison.Ordinal);
        Assert.Contains("dashboard /workflows/: 200 text/html lists web-checkout-1: True", web.Output, StringComparison.Ordinal);
        Assert.Contains("dashboard /workflows/api/instances: 200 application/json lists web-checkout-1: True", web.Output, StringComparison.Ordinal);
        Assert.Contains("web stopped", web.Output, StringComparison.Ordinal);

        // 8. The command-line tool, installed from the feed as a user installs it, reads the host's database and
        //    shows the instance the host left blocked, with why.
        string tools = Path.Combine(_root, "tools");
        var install = await RunAsync(consumer, "dotnet", ["tool", "install", "Workflows.Cli", "--tool-path", tools, "--version", version], TimeSpan.FromMinutes(3), isolated);
        Assert.True(install.ExitCode == 0, "tool install failed:\n" + install.Output);
        var list = await RunAsync(consumer, Path.Combine(tools, "workflows"), ["list", "--connection", Path.Combine(_root, "shop.db")], TimeSpan.FromMinutes(1));
        Assert.True(list.ExitCode == 0, "workflows list failed:\n" + list.Output);
        Assert.Matches(@"order-1\s+\S+\s+running \(blocked\)", list.Output);
        var show = await RunAsync(consumer, Path.Combine(tools, "workflows"), ["show", "order-1", "--no-history", "--connection", Path.Combine(_root, "shop.db")], TimeSpan.FromMinutes(1));
        Assert.True(show.ExitCode == 0, "workflows show failed:\n" + show.Output);
        Assert.Matches(@"Blocked by: [^\r\n]*Task\.Delay", show.Output);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string directory, string file, string[] arguments, TimeSpan timeout, Dictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? []) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        return ChildProcess.RunAsync(directory, file, arguments, timeout, variables);
    }

    [GeneratedRegex(@"[^\r\n]*\bwarning [A-Z]+\d+[^\r\n]*")]
    private static partial Regex Warning();
}
