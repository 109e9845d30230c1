namespace Workflows.Samples.Tests;

public sealed class SignalsSampleTests
{
    [Fact]
    public async Task Signals_Run_ClientToWorkflowToSubWorkflowAndSelect()
    {
        string output = await SampleRun.RunAsync("Signals");

        Assert.Contains("Coordinator received signal 'order' = order-1", output, StringComparison.Ordinal);
        Assert.Contains("Packer sub-workflow received signal 'pack' = order-1", output, StringComparison.Ordinal);
        Assert.Contains("Select picked: courier booked first: courier for order-1", output, StringComparison.Ordinal);
        Assert.Contains("Workflow returned: order-1 packed; courier booked first", output, StringComparison.Ordinal);
    }
}
