using Workflows.History;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task Resume_BlockedInstanceAfterFixedCodeIsDeployed_Completes()
    {
        var v1 = await StartWorkerAsync(Evolving("A"));
        var handle = await Client.StartWorkflowAsync<string>("Evolving", Id("resumed"), []);
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.ActivityCompleted), "first activity done");
        await v1.StopAsync();

        var v2 = await StartWorkerAsync(Evolving("B"));
        await handle.SignalAsync("go", "now");
        await WaitUntilAsync(async () => (await handle.GetStateAsync()).LastTaskError is not null, "non-determinism reported");
        await v2.StopAsync();

        // Resume clears the back-off, so the fixed code deployed next claims the instance at once. Resume goes first:
        // with the fixed worker already running, a back-off that had run out would let it finish the instance
        // before the resume, which would then find it finished.
        await Client.ResumeWorkflowAsync(handle.InstanceId);
        await StartWorkerAsync(Evolving("A"));

        Assert.Equal("a|now", await handle.GetResultAsync(Timeout));
        Assert.Null((await handle.GetStateAsync()).LastTaskError);
        await Assert.ThrowsAsync<WorkflowAlreadyFinishedException>(() => Client.ResumeWorkflowAsync(handle.InstanceId));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Client.ResumeWorkflowAsync(handle.InstanceId + "-unknown"));
    }
}
