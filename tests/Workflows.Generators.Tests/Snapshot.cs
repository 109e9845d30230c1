using System.Reflection;
using System.Text;

namespace Workflows.Generators.Tests;

/// <summary>
/// Committed baselines of generated code. A mismatch writes <c>.received.cs</c> next to the baseline and fails
/// with a line diff; <c>WORKFLOWS_ACCEPT_SNAPSHOTS=1</c> overwrites the baseline instead, never on CI.
/// </summary>
internal static class Snapshot
{
    private static string ProjectDirectory => typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProjectDirectory").Value!;

    /// <param name="name">The baseline's path under <c>Snapshots/</c>, without extension.</param>
    /// <param name="actual">The generated text.</param>
    /// <param name="environment">Reads environment variables (tests of this helper pass their own).</param>
    /// <param name="callerPath">
    /// A file in the folder that holds <c>Snapshots/</c>; the test project's folder when null. The project folder is
    /// recorded at build time: [CallerFilePath] cannot be used, since deterministic CI builds map source paths to /_/.
    /// </param>
    public static void Verify(string name, string actual, Func<string, string?>? environment = null, string? callerPath = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string baseDirectory = callerPath is null ? ProjectDirectory : Path.GetDirectoryName(callerPath)!;
        string verified = Path.Combine(baseDirectory, "Snapshots", name + ".verified.cs");
        string received = Path.ChangeExtension(Path.ChangeExtension(verified, null), ".received.cs");
        string directory = Path.GetDirectoryName(verified)!;
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (environment("WORKFLOWS_ACCEPT_SNAPSHOTS") == "1")
        {
            if (string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("WORKFLOWS_ACCEPT_SNAPSHOTS is refused on CI: accept snapshots locally and commit them.");
            }

            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No baseline {verified}. Wrote {received}; review it and rerun with WORKFLOWS_ACCEPT_SNAPSHOTS=1 to accept."
            : $"Generated code differs from {verified} (wrote {received}; WORKFLOWS_ACCEPT_SNAPSHOTS=1 accepts):{Environment.NewLine}{Diff(expected, actual)}");
    }

    /// <summary>A small line diff (longest common subsequence): '-' expected only, '+' received only.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                output.Append("+ ").Append(y + 1).Append(": ").AppendLine(b[y++]);
            }
            else
            {
                output.Append("- ").Append(x + 1).Append(": ").AppendLine(a[x++]);
            }
        }

        return output.ToString();
    }
}
