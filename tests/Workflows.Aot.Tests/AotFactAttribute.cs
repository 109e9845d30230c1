namespace Workflows.Aot.Tests;

/// <summary>
/// A fact that needs the native toolchain the ILCompiler links with (clang and zlib). Without them it is reported
/// as skipped with the reason, except under CI, where <c>.ci/run</c> installs them and a missing toolchain must fail.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AotFactAttribute : FactAttribute
{
    public AotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && MissingToolchain() is { } missing)
        {
            Skip = $"NativeAOT publishing needs {missing} (Debian: apt-get install -y clang zlib1g-dev; .ci/run installs them).";
        }
    }

    private static string? MissingToolchain()
    {
        bool clang = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "clang")));
        bool zlib = new[] { "/usr/lib/x86_64-linux-gnu/libz.a", "/usr/lib/libz.a", "/usr/lib64/libz.a", "/usr/lib/aarch64-linux-gnu/libz.a" }.Any(File.Exists);
        return (clang, zlib) switch
        {
            (true, true) => null,
            (false, true) => "clang",
            (true, false) => "zlib1g-dev",
            _ => "clang and zlib1g-dev",
        };
    }
}
