namespace Workflows.Samples.Tests;

public sealed class RetriesSampleTests
{
    [Fact]
    public async Task Retries_Run_RetriesTheActivityAndTheSubWorkflowUntilTheySucceed()
    {
        string output = await SampleRun.RunAsync("Retries");

        Assert.Contains("FetchQuote attempt 2", output, StringComparison.Ordinal);
        Assert.Matches(@"FetchQuote attempt 3 at [\d:.]+: succeeded", output);
        Assert.Contains("succeeded on the parent's retry", output, StringComparison.Ordinal);
        Assert.Contains("Workflow returned: quote 42.00; stored 'quote 42.00'", output, StringComparison.Ordinal);
    }
}
