using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    [Fact]
    public async Task TerminateWorkflowInstance_Missing_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.TerminateWorkflowInstanceAsync("nope", "why"));

    [Fact]
    public async Task TerminateWorkflowInstance_Claimed_EndsItAndRejectsTheInFlightCommit()
    {
        var instance = await CreateWithActivityAsync("term");
        await Backend.SignalWorkflowAsync("term", Signal());
        var inFlight = await ClaimRequiredAsync();

        await Backend.TerminateWorkflowInstanceAsync("term", "operator");

        await Assert.ThrowsAsync<LeaseLostException>(() => Backend.CompleteWorkflowTaskAsync(inFlight, Completion(inFlight)));
        var state = await Backend.GetWorkflowInstanceStateAsync("term");
        Assert.Equal(WorkflowStatus.Terminated, state.Status);
        Assert.Equal(Clock.GetUtcNow(), state.CompletedAt);
        Assert.Contains("operator", state.Error!.Message, StringComparison.Ordinal);
        var history = await Backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Equal(EventType.WorkflowExecutionTerminated, history[^1].Type);
        Assert.Equal(history.Count, history[^1].SequenceId);
        Assert.Equal("operator", ((ExecutionTerminatedAttributes)history[^1].Attributes).Reason);
        Assert.Null(await ClaimAsync());
        Assert.Null(await Backend.GetActivityTaskAsync(DefaultQueues));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.TerminateWorkflowInstanceAsync("term", "again"));
    }

    [Fact]
    public async Task TerminateWorkflowInstance_Parent_TerminatesRunningChildren()
    {
        var parent = await CreateAsync("p");
        var task = await ClaimRequiredAsync();
        var child = new WorkflowInstance("p-child", "c1");
        var start = StartedEvent(parent: new ParentReference(parent.InstanceId, parent.ExecutionId, 1));
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, outgoing: [new OutgoingEvent(child, start)]));

        await Backend.TerminateWorkflowInstanceAsync("p", null);

        Assert.Equal(WorkflowStatus.Terminated, (await Backend.GetWorkflowInstanceStateAsync("p")).Status);
        Assert.Equal(WorkflowStatus.Terminated, (await Backend.GetWorkflowInstanceStateAsync("p-child")).Status);
        Assert.Equal(EventType.WorkflowExecutionTerminated, (await Backend.GetWorkflowInstanceHistoryAsync(child))[^1].Type);
        Assert.Null(await ClaimAsync());
        Assert.Equal(0, (await Backend.GetStatsAsync()).ActiveInstances);
    }

    [Fact]
    public async Task TerminateWorkflowInstance_Child_ReportsSubWorkflowFailedToParent()
    {
        var parent = await CreateAsync("parent2");
        var task = await ClaimRequiredAsync();
        var child = new WorkflowInstance("child2", "c1");
        var start = StartedEvent(parent: new ParentReference(parent.InstanceId, parent.ExecutionId, 7));
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, outgoing: [new OutgoingEvent(child, start)]));

        await Backend.TerminateWorkflowInstanceAsync("child2", "stop");

        var parentTask = await ClaimRequiredAsync();
        Assert.Equal(parent, parentTask.Instance);
        var failed = Assert.Single(parentTask.NewEvents);
        Assert.Equal(EventType.SubWorkflowFailed, failed.Type);
        Assert.Equal(7, failed.ScheduleEventId);
        Assert.Equal(WorkflowStatus.Running, (await Backend.GetWorkflowInstanceStateAsync("parent2")).Status);
    }

    [Fact]
    public async Task RemoveWorkflowInstances_FinishedBefore_RemovesOnlyOldFinishedInBatches()
    {
        foreach (string id in new[] { "old-1", "old-2", "old-3" })
        {
            await FinishAsync(await CreateAsync(id));
        }

        Clock.Advance(TimeSpan.FromHours(1));
        var cutoff = Clock.GetUtcNow();
        await FinishAsync(await CreateAsync("new"));
        await CreateAsync("running");

        Assert.Equal(2, await Backend.RemoveWorkflowInstancesAsync(cutoff, batchSize: 2));
        Assert.Equal(1, await Backend.RemoveWorkflowInstancesAsync(cutoff, batchSize: 2));
        Assert.Equal(0, await Backend.RemoveWorkflowInstancesAsync(cutoff, batchSize: 2));

        var left = (await Backend.ListWorkflowInstancesAsync(new InstanceQuery())).Instances.Select(s => s.Instance.InstanceId).Order();
        Assert.Equal(["new", "running"], left);
    }

    [Fact]
    public async Task CompleteWorkflowTask_ContinuedAsNew_StartsNewExecutionAndMovesPendingSignals()
    {
        var (first, next) = await ContinueAsNewAsync(Backend, "can");

        var state = await Backend.GetWorkflowInstanceStateAsync("can");
        Assert.Equal(next, state.Instance);
        Assert.Equal(WorkflowStatus.Running, state.Status);
        Assert.NotEmpty(await Backend.GetWorkflowInstanceHistoryAsync(first));
        Assert.Equal([next, first], (await Backend.ListWorkflowExecutionsAsync("can")).Select(e => e.Instance));
        Assert.Equal(WorkflowStatus.ContinuedAsNew, (await Backend.ListWorkflowExecutionsAsync("can"))[1].Status);
        await AssertCarriedSignalAsync(Backend, next);
    }

    [Fact]
    public async Task CompleteWorkflowTask_ContinuedAsNewWithRemoval_KeepsOnlyTheNewExecution()
    {
        await using var removing = await CreateBackendAsync(Options with { RemoveContinuedAsNewExecutions = true });
        var (first, next) = await ContinueAsNewAsync(removing, "can-removed");

        Assert.Equal([next], (await removing.ListWorkflowExecutionsAsync("can-removed")).Select(e => e.Instance));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => removing.GetWorkflowInstanceHistoryAsync(first));
        await AssertCarriedSignalAsync(removing, next);
    }

    // Continues the instance as new with a signal that arrived after the claim; returns the old and new executions.
    private async Task<(WorkflowInstance First, WorkflowInstance Next)> ContinueAsNewAsync(IBackend backend, string instanceId)
    {
        var first = new WorkflowInstance(instanceId, Guid.NewGuid().ToString("N"));
        await backend.CreateWorkflowInstanceAsync(first, StartedEvent(), null);
        var task = await backend.GetWorkflowTaskAsync(DefaultQueues) ?? throw new Xunit.Sdk.XunitException("Expected a claimable workflow task.");
        await backend.SignalWorkflowAsync(instanceId, Signal("late"));
        var next = new WorkflowInstance(instanceId, "e2");
        var continued = HistoryEvent.Create(Clock.GetUtcNow(), new ContinuedAsNewAttributes(null, next.ExecutionId));
        var completion = Completion(task, WorkflowStatus.ContinuedAsNew, produced: [continued]);
        completion = completion with
        {
            ExecutedEvents = completion.ExecutedEvents.Where(e => e.Type != EventType.WorkflowExecutionFinished).ToList(),
            OutgoingEvents = [new OutgoingEvent(next, StartedEvent())],
        };

        await backend.CompleteWorkflowTaskAsync(task, completion);
        return (first, next);
    }

    private static async Task AssertCarriedSignalAsync(IBackend backend, WorkflowInstance next)
    {
        var nextTask = await backend.GetWorkflowTaskAsync(DefaultQueues) ?? throw new Xunit.Sdk.XunitException("Expected a claimable workflow task.");
        Assert.Equal(next, nextTask.Instance);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.SignalReceived], nextTask.NewEvents.Select(e => e.Type));
        Assert.Equal("late", ((SignalReceivedAttributes)nextTask.NewEvents[1].Attributes).Name);
    }
}
