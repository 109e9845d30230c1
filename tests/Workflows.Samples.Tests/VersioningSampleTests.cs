namespace Workflows.Samples.Tests;

public sealed class VersioningSampleTests
{
    [Fact]
    public async Task Versioning_Run_RefusesTheUnpatchedBuildAndKeepsTheRunningOrderOnItsBranch()
    {
        string output = await SampleRun.RunAsync("Versioning");

        Assert.Matches(@"Version 2 without a patch: refused, it would block order-\S+ at event \d+", output);
        Assert.Contains("Version 2 with the patch 'charge-with-new-gateway': replays", output, StringComparison.Ordinal);
        Assert.Matches(@"Started on version 1: order-\S+ shipped \(receipt order-\S+ from the old gateway\)", output);
        Assert.Matches(@"Started on version 2: order-\S+ shipped \(receipt order-\S+ from the new gateway\)", output);
        var markers = System.Text.RegularExpressions.Regex.Matches(output, @"order-\S+: (\d) patch marker\(s\) in its history");
        Assert.Equal(["0", "1"], markers.Select(m => m.Groups[1].Value));
    }
}
