namespace Workflows.Samples.Tests;

public sealed class ConcurrencySampleTests
{
    [Fact]
    public async Task Concurrency_Run_ChannelsFanOutAndFirstErrorCancelsSiblings()
    {
        string output = await SampleRun.RunAsync("Concurrency");

        Assert.Contains("the consumer summed the squares of 1..5 = 55", output, StringComparison.Ordinal);
        Assert.Contains("WhenAll over three activities returned lengths 5, 4, 5", output, StringComparison.Ordinal);
        Assert.Contains("First error: 'broken is not on the server' made the workflow cancel 2 running siblings", output, StringComparison.Ordinal);
    }
}
