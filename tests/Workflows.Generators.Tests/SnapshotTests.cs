namespace Workflows.Generators.Tests;

public sealed class SnapshotTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wf-snapshots-" + Guid.NewGuid().ToString("N"));

    private string FakeCaller => Path.Combine(_directory, "Caller.cs");

    private string Verified => Path.Combine(_directory, "Snapshots", "Case.verified.cs");

    private string Received => Path.Combine(_directory, "Snapshots", "Case.received.cs");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Verify_Mismatch_WritesReceivedAndFailsWithDiff()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Verified)!);
        File.WriteAllText(Verified, "a\nb\nc\n");

        var error = Assert.ThrowsAny<Exception>(() => Snapshot.Verify("Case", "a\nB\nc\n", _ => null, FakeCaller));

        Assert.Contains("- 2: b", error.Message, StringComparison.Ordinal);
        Assert.Contains("+ 2: B", error.Message, StringComparison.Ordinal);
        Assert.Equal("a\nB\nc\n", File.ReadAllText(Received));
        Assert.Equal("a\nb\nc\n", File.ReadAllText(Verified));
    }

    [Fact]
    public void Verify_Match_PassesAndRemovesStaleReceived()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Verified)!);
        File.WriteAllText(Verified, "same\n");
        File.WriteAllText(Received, "old\n");

        Snapshot.Verify("Case", "same\r\n", _ => null, FakeCaller);

        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void Verify_AcceptVariable_OverwritesBaseline()
    {
        Snapshot.Verify("Case", "new\n", name => name == "WORKFLOWS_ACCEPT_SNAPSHOTS" ? "1" : null, FakeCaller);

        Assert.Equal("new\n", File.ReadAllText(Verified));
    }

    [Fact]
    public void Verify_AcceptVariableOnCi_Refused()
    {
        var env = new Dictionary<string, string?> { ["WORKFLOWS_ACCEPT_SNAPSHOTS"] = "1", ["CI"] = "true" };

        var error = Assert.ThrowsAny<Exception>(() => Snapshot.Verify("Case", "new\n", name => env.GetValueOrDefault(name), FakeCaller));

        Assert.Contains("refused on CI", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Verified));
    }
}
