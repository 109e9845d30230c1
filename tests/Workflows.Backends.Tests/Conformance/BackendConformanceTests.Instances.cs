using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task CreateWorkflowInstance_NewId_IsRunningAndClaimableWithStartedEvent()
    {
        var instance = await CreateAsync("order-1");

        var state = await Backend.GetWorkflowInstanceStateAsync("order-1");
        Assert.Equal(instance, state.Instance);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.Equal("wf", state.WorkflowName);
        Assert.Equal(Queue, state.Queue);
        Assert.Equal(Clock.GetUtcNow(), state.CreatedAt);
        Assert.Null(state.CompletedAt);

        var task = await ClaimRequiredAsync();
        Assert.Equal(instance, task.Instance);
        Assert.Equal("wf", task.WorkflowName);
        Assert.Equal(0, task.LastSequenceId);
        var started = Assert.Single(task.NewEvents);
        Assert.Equal(EventType.WorkflowExecutionStarted, started.Type);
        Assert.Equal(["\"input\""], ((ExecutionStartedAttributes)started.Attributes).Inputs);
    }

    [Fact]
    public async Task CreateWorkflowInstance_LongestIdentifiersOfAstralCharacters_StoredAndReturnedExactly()
    {
        // The longest identifiers the rules allow, made of characters outside the BMP (4 bytes in UTF-8 each):
        // every backend must store and return them unchanged, and tell apart ids that differ in the last one.
        string id = string.Concat(Enumerable.Repeat("\U0001F600", InvalidIdentifierException.MaxLength / 2));
        string other = id[..^2] + "\U0001F601";
        string name = string.Concat(Enumerable.Repeat("\U0001D11E", InvalidIdentifierException.MaxLength / 2));
        string queue = new('q', InvalidIdentifierException.MaxLength);
        var instance = new WorkflowInstance(id, Guid.NewGuid().ToString("N"));
        await Backend.CreateWorkflowInstanceAsync(instance, StartedEvent(name, queue), null);
        await Backend.CreateWorkflowInstanceAsync(new WorkflowInstance(other, Guid.NewGuid().ToString("N")), StartedEvent(name, queue), null);

        var state = await Backend.GetWorkflowInstanceStateAsync(id);
        Assert.Equal(id, state.Instance.InstanceId);
        Assert.Equal(name, state.WorkflowName);
        Assert.Equal(queue, state.Queue);
        var listed = (await Backend.ListWorkflowInstancesAsync(new InstanceQuery())).Instances.Select(i => i.Instance.InstanceId).ToList();
        Assert.Equal(2, listed.Count);
        Assert.Contains(id, listed);
        Assert.Contains(other, listed);
        var task = await ClaimRequiredAsync(queue);
        Assert.Contains(task.Instance.InstanceId, new[] { id, other });
    }

    [Fact]
    public async Task CreateWorkflowInstance_ActiveId_ThrowsAlreadyExists()
    {
        await CreateAsync("dup");

        var ex = await Assert.ThrowsAsync<WorkflowInstanceAlreadyExistsException>(() => CreateAsync("dup"));
        Assert.Equal("dup", ex.InstanceId);
    }

    [Fact]
    public async Task CreateWorkflowInstance_FinishedId_StartsNewExecution()
    {
        var first = await CreateAsync("again");
        await FinishAsync(first);

        var second = await CreateAsync("again");

        var state = await Backend.GetWorkflowInstanceStateAsync("again");
        Assert.Equal(second, state.Instance);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.NotEmpty(await Backend.GetWorkflowInstanceHistoryAsync(first));
    }

    [Fact]
    public async Task CreateWorkflowInstance_Metadata_IsReturnedWithStateAndTask()
    {
        var metadata = new WorkflowMetadata(new Dictionary<string, string> { ["traceparent"] = "00-abc-01", ["tenant"] = "t'1" });
        await CreateAsync("meta", metadata: metadata);

        var state = await Backend.GetWorkflowInstanceStateAsync("meta");
        var task = await ClaimRequiredAsync();

        Assert.Equal(metadata.Values, state.Metadata!.Values);
        Assert.Equal(metadata.Values, task.Metadata!.Values);
    }

    [Fact]
    public async Task GetWorkflowInstanceState_Missing_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.GetWorkflowInstanceStateAsync("nope"));

    [Fact]
    public async Task GetWorkflowInstanceHistory_MissingExecution_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.GetWorkflowInstanceHistoryAsync(new WorkflowInstance("nope", "x")));

    [Fact]
    public async Task RemoveWorkflowInstance_Missing_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.RemoveWorkflowInstanceAsync("nope"));

    [Fact]
    public async Task RemoveWorkflowInstance_Running_ThrowsNotFinished()
    {
        await CreateAsync("running");

        await Assert.ThrowsAsync<WorkflowNotFinishedException>(() => Backend.RemoveWorkflowInstanceAsync("running"));
        Assert.Equal(WorkflowStatus.Running, (await Backend.GetWorkflowInstanceStateAsync("running")).Status);
    }

    [Fact]
    public async Task RemoveWorkflowInstance_Finished_RemovesStateAndHistory()
    {
        var instance = await CreateAsync("gone");
        await FinishAsync(instance);

        await Backend.RemoveWorkflowInstanceAsync("gone");

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.GetWorkflowInstanceStateAsync("gone"));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.GetWorkflowInstanceHistoryAsync(instance));
        Assert.Empty((await Backend.ListWorkflowInstancesAsync(new InstanceQuery())).Instances);
    }

    [Fact]
    public async Task SignalWorkflow_Missing_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.SignalWorkflowAsync("nope", Signal()));

    [Fact]
    public async Task SignalWorkflow_Finished_ThrowsNotFound()
    {
        var instance = await CreateAsync("done");
        await FinishAsync(instance);

        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.SignalWorkflowAsync("done", Signal()));
    }

    [Fact]
    public async Task CancelWorkflowInstance_Missing_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.CancelWorkflowInstanceAsync("nope"));

    [Fact]
    public async Task CancelWorkflowInstance_Running_AddsCancellationRequest()
    {
        await CreateAsync("c");

        await Backend.CancelWorkflowInstanceAsync("c");

        var task = await ClaimRequiredAsync();
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowCancellationRequested], task.NewEvents.Select(e => e.Type));
    }

    [Fact]
    public async Task SignalWorkflow_SameRequestIdTwice_IsDeliveredOnce()
    {
        await CreateAsync("s");

        await Backend.SignalWorkflowAsync("s", Signal("a"), requestId: "req-1");
        await Backend.SignalWorkflowAsync("s", Signal("a"), requestId: "req-1");
        await Backend.SignalWorkflowAsync("s", Signal("b"), requestId: "req-2");

        var task = await ClaimRequiredAsync();
        Assert.Equal(["a", "b"], task.NewEvents.Where(e => e.Type == EventType.SignalReceived).Select(e => ((SignalReceivedAttributes)e.Attributes).Name));
    }

    [Fact]
    public async Task ListWorkflowInstances_Pages_NewestFirstWithCursor()
    {
        for (int i = 0; i < 5; i++)
        {
            await CreateAsync($"list-{i}");
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await Backend.ListWorkflowInstancesAsync(new InstanceQuery { PageSize = 2 });
        var second = await Backend.ListWorkflowInstancesAsync(new InstanceQuery { PageSize = 2, Cursor = first.NextCursor });
        var third = await Backend.ListWorkflowInstancesAsync(new InstanceQuery { PageSize = 2, Cursor = second.NextCursor });

        Assert.Equal(["list-4", "list-3"], first.Instances.Select(s => s.Instance.InstanceId));
        Assert.Equal(["list-2", "list-1"], second.Instances.Select(s => s.Instance.InstanceId));
        Assert.Equal(["list-0"], third.Instances.Select(s => s.Instance.InstanceId));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task ListWorkflowInstances_StatusFilter_ReturnsOnlyMatching()
    {
        var done = await CreateAsync("done");
        await FinishAsync(done);
        await CreateAsync("running");

        var completed = await Backend.ListWorkflowInstancesAsync(new InstanceQuery { Status = WorkflowStatus.Completed });

        Assert.Equal(["done"], completed.Instances.Select(s => s.Instance.InstanceId));
    }

    [Fact]
    public async Task GetStats_CountsActiveInstancesAndPendingWork()
    {
        await CreateWithActivityAsync("with-activity", queue: "acts");
        await CreateAsync("waiting");
        await CreateAsync("other", queue: "q2");

        var stats = await Backend.GetStatsAsync();

        Assert.Equal(3, stats.ActiveInstances);
        Assert.Equal(1, stats.PendingWorkflowTasks[Queue]);
        Assert.Equal(1, stats.PendingWorkflowTasks["q2"]);
        Assert.Equal(1, stats.PendingActivityTasks["acts"]);
    }
}
