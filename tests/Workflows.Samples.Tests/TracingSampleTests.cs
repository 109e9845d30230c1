namespace Workflows.Samples.Tests;

public sealed class TracingSampleTests
{
    [Fact]
    public async Task Tracing_Demo_OneTraceFromTheHttpRequestThroughTheWorkflowToItsActivities()
    {
        string output = await SampleRun.RunAsync("Tracing", "--demo");

        Assert.Contains("reserved 2 x book; charged 8", output, StringComparison.Ordinal);

        // The printed tree nests each span under its parent, two spaces a level.
        string[] lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int Depth(string span)
        {
            string line = Assert.Single(lines, l => l.TrimStart().StartsWith(span + " [", StringComparison.Ordinal));
            return line.Length - line.TrimStart().Length;
        }

        int http = Depth("POST /orders");
        Assert.Equal(http + 2, Depth("StartWorkflow ProcessOrder"));
        Assert.Equal(http + 8, Depth("RunActivity Reserve"));
        Assert.Equal(http + 8, Depth("RunActivity Charge"));
        Assert.Equal(http + 6, Depth("Pack order"));
        Assert.Equal(3, lines.Count(l => l.TrimStart().StartsWith("RunWorkflow ProcessOrder [", StringComparison.Ordinal)));
    }
}
