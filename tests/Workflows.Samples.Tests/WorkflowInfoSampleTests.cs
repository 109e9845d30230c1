namespace Workflows.Samples.Tests;

public sealed class WorkflowInfoSampleTests
{
    [Fact]
    public async Task WorkflowInfo_Run_ShowsANewExecutionIdForTheSameInstance()
    {
        string output = await SampleRun.RunAsync("WorkflowInfo");

        var runs = System.Text.RegularExpressions.Regex.Matches(output, @"Inside the workflow: run (\d): instance (\S+), execution (\w+), workflow Describe, queue default");
        Assert.Equal(2, runs.Count);
        Assert.Equal(runs[0].Groups[2].Value, runs[1].Groups[2].Value);
        Assert.NotEqual(runs[0].Groups[3].Value, runs[1].Groups[3].Value);
        Assert.Contains($"last execution {runs[1].Groups[3].Value}, status Completed", output, StringComparison.Ordinal);
        Assert.Matches(@"History length of the last execution: \d+ events", output);
    }
}
