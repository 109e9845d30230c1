namespace Workflows.Samples.Tests;

public sealed class ContinueAsNewSampleTests
{
    [Fact]
    public async Task ContinueAsNew_Run_ParentAndSubWorkflowContinueAndTheParentSeesTheFinalResult()
    {
        string output = await SampleRun.RunAsync("ContinueAsNew");

        Assert.Contains("Round 3 (execution", output, StringComparison.Ordinal);
        Assert.Contains("Parent finished after 3 rounds; total from the sub-workflows: 180", output, StringComparison.Ordinal);
        Assert.Matches(@"whose history has only \d+ events", output);
    }
}
