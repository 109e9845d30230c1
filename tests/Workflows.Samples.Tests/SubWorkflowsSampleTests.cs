namespace Workflows.Samples.Tests;

public sealed class SubWorkflowsSampleTests
{
    [Fact]
    public async Task SubWorkflows_Run_CombinesTheChildrensResults()
    {
        string output = await SampleRun.RunAsync("SubWorkflows");

        Assert.Contains("Parent returned: 16 items restocked in total", output, StringComparison.Ordinal);
        Assert.Matches(@"Child restock-\w+-oslo: RestockWarehouse Completed, parent restock-\w+", output);
    }
}
