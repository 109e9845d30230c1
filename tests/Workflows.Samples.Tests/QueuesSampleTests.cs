namespace Workflows.Samples.Tests;

public sealed class QueuesSampleTests
{
    [Fact]
    public async Task Queues_Run_RoutesTheGpuActivityToTheDedicatedWorker()
    {
        string output = await SampleRun.RunAsync("Queues");

        Assert.Contains("LoadMesh ran on the general worker (queue 'default')", output, StringComparison.Ordinal);
        Assert.Contains("Render ran on the gpu worker (queue 'gpu')", output, StringComparison.Ordinal);
        Assert.Contains("Workflow returned: teapot.mesh.png", output, StringComparison.Ordinal);
    }
}
