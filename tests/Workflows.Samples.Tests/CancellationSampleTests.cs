namespace Workflows.Samples.Tests;

public sealed class CancellationSampleTests
{
    [Fact]
    public async Task Cancellation_Run_CleansUpOnTheDisconnectedContextAndEndsCanceled()
    {
        string output = await SampleRun.RunAsync("Cancellation");

        Assert.Contains("Clean-up: released stock for order-7", output, StringComparison.Ordinal);
        Assert.Contains("GetResultAsync threw WorkflowCanceledException", output, StringComparison.Ordinal);
        Assert.Contains("Final status: Canceled; stock released: True", output, StringComparison.Ordinal);
    }
}
