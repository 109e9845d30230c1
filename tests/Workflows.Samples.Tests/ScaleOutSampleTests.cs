namespace Workflows.Samples.Tests;

public sealed class ScaleOutSampleTests
{
    [Fact]
    public async Task ScaleOut_Run_StarterAndTwoWorkerProcessesFinishEveryWorkflow()
    {
        string output = await SampleRun.RunAsync("ScaleOut", "--count", "6");

        Assert.Contains("[worker-1] worker-1 started", output, StringComparison.Ordinal);
        Assert.Contains("[worker-2] worker-2 started", output, StringComparison.Ordinal);
        Assert.Contains("[starter] starter: all 6 workflows finished", output, StringComparison.Ordinal);
        for (int item = 1; item <= 6; item++)
        {
            Assert.Matches($@"\[starter\] item {item} handled by worker-[12]", output);
        }

        Assert.Contains("[worker-2] worker-2 stopped", output, StringComparison.Ordinal);
        Assert.Contains("Scale-out run complete", output, StringComparison.Ordinal);
    }
}
