using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

/// <summary>List filters, stats and resume: what an operator's view of the backend needs.</summary>
public abstract partial class BackendConformanceTests
{
    private async Task<WorkflowInstance> CreateNamedAsync(string instanceId, string name, string queue = Queue, ParentReference? parent = null)
    {
        var instance = new WorkflowInstance(instanceId, Guid.NewGuid().ToString("N"));
        await Backend.CreateWorkflowInstanceAsync(instance, StartedEvent(name, queue, parent), null);
        return instance;
    }

    /// <summary>Finishes an instance created on <paramref name="queue"/>, whatever else is claimable elsewhere.</summary>
    private async Task FinishOnQueueAsync(WorkflowInstance instance, string queue)
    {
        var task = await ClaimRequiredAsync(queue);
        Assert.Equal(instance, task.Instance);
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, WorkflowStatus.Completed, result: "\"done\""));
    }

    private async Task<List<string>> ListIdsAsync(InstanceQuery query)
        => (await Backend.ListWorkflowInstancesAsync(query)).Instances.Select(i => i.Instance.InstanceId).ToList();

    [Fact]
    public async Task ListWorkflowInstances_NameQueueAndPrefixFilters_NarrowTheList()
    {
        await CreateNamedAsync("order-1", "Order");
        await CreateNamedAsync("order-2", "Order", "slow");
        await CreateNamedAsync("Order-3", "Order");
        await CreateNamedAsync("ship-1", "Ship");

        Assert.Equal(["Order-3", "order-2", "order-1"], await ListIdsAsync(new InstanceQuery { WorkflowName = "Order" }));
        Assert.Equal(["order-2"], await ListIdsAsync(new InstanceQuery { Queue = "slow" }));
        Assert.Equal(["order-2", "order-1"], await ListIdsAsync(new InstanceQuery { InstanceIdPrefix = "order-" }));
        Assert.Equal(["order-1"], await ListIdsAsync(new InstanceQuery { InstanceIdPrefix = "order-", Queue = Queue }));
        Assert.Empty(await ListIdsAsync(new InstanceQuery { InstanceIdPrefix = "order-%" }));
        Assert.Empty(await ListIdsAsync(new InstanceQuery { WorkflowName = "Ship", Status = WorkflowStatus.Completed }));
    }

    [Fact]
    public async Task ListWorkflowInstances_FilteredPages_FollowTheCursorNewestFirst()
    {
        for (int i = 0; i < 7; i++)
        {
            await CreateNamedAsync($"p-{i}", i % 2 == 0 ? "Even" : "Odd");
        }

        var seen = new List<string>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await Backend.ListWorkflowInstancesAsync(new InstanceQuery { WorkflowName = "Even", PageSize = 2, Cursor = cursor });
            seen.AddRange(page.Instances.Select(s => s.Instance.InstanceId));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(["p-6", "p-4", "p-2", "p-0"], seen);
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task ListWorkflowInstances_CreatedAndFinishedRanges_SelectByTime()
    {
        var start = Clock.GetUtcNow();
        await CreateNamedAsync("early", "wf");
        Clock.Advance(TimeSpan.FromHours(1));
        var late = await CreateNamedAsync("late", "wf", "finishing");
        Clock.Advance(TimeSpan.FromHours(1));
        await FinishOnQueueAsync(late, "finishing");

        Assert.Equal(["early"], await ListIdsAsync(new InstanceQuery { CreatedBefore = start.AddMinutes(30) }));
        Assert.Equal(["late"], await ListIdsAsync(new InstanceQuery { CreatedFrom = start.AddMinutes(30) }));
        Assert.Equal(["late"], await ListIdsAsync(new InstanceQuery { FinishedFrom = start.AddMinutes(90) }));
        Assert.Empty(await ListIdsAsync(new InstanceQuery { FinishedBefore = start.AddMinutes(90) }));
    }

    [Fact]
    public async Task ListWorkflowInstances_ParentFilter_ListsOneLevelOfTheTree()
    {
        var parent = await CreateNamedAsync("parent", "Parent");
        await CreateNamedAsync("child-a", "Child", parent: new ParentReference(parent.InstanceId, parent.ExecutionId, 1));
        await CreateNamedAsync("child-b", "Child", parent: new ParentReference(parent.InstanceId, parent.ExecutionId, 2));
        await CreateNamedAsync("other", "Child");

        Assert.Equal(["child-b", "child-a"], await ListIdsAsync(new InstanceQuery { ParentInstanceId = "parent" }));
        Assert.Empty(await ListIdsAsync(new InstanceQuery { ParentInstanceId = "child-a" }));
    }

    [Fact]
    public async Task GetStats_InstancesByStatusAndName_CountsLatestExecutions()
    {
        await CreateNamedAsync("a", "Order");
        await CreateNamedAsync("b", "Order");
        var done = await CreateNamedAsync("c", "Ship", "finishing");
        await FinishOnQueueAsync(done, "finishing");

        var stats = await Backend.GetStatsAsync();

        Assert.Equal(2, stats.InstancesByStatus[WorkflowStatus.Running]);
        Assert.Equal(1, stats.InstancesByStatus[WorkflowStatus.Completed]);
        Assert.Equal(2, stats.InstancesByWorkflowName["Order"]);
        Assert.Equal(1, stats.InstancesByWorkflowName["Ship"]);
    }

    [Fact]
    public async Task ResumeWorkflowInstance_Parked_ClaimableNowAndKeepsLastError()
    {
        await CreateAsync("parked");
        var task = await ClaimRequiredAsync();
        var error = new WorkflowError("Workflows.NonDeterminismException", "mismatch at #3");
        await Backend.AbandonWorkflowTaskAsync(task, error, TimeSpan.FromHours(1));
        Assert.Null(await ClaimAsync());

        await Backend.ResumeWorkflowInstanceAsync("parked");

        Assert.Equal(error, (await Backend.GetWorkflowInstanceStateAsync("parked")).LastTaskError);
        var retry = await ClaimRequiredAsync();
        Assert.Equal("parked", retry.Instance.InstanceId);

        // The failure count was reset: the next abandon waits the first delay again, not a doubled one.
        await Backend.AbandonWorkflowTaskAsync(retry, error, TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(10));
        var third = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(third, Completion(third));
        Assert.Null((await Backend.GetWorkflowInstanceStateAsync("parked")).LastTaskError);
    }

    [Fact]
    public async Task ListWorkflowInstances_BlockedOnly_ListsRunningInstancesWhoseLastTaskFailed()
    {
        await CreateAsync("healthy");
        await CreateAsync("blocked");
        var first = await ClaimRequiredAsync();
        var second = await ClaimRequiredAsync();
        var (healthy, blocked) = first.Instance.InstanceId == "healthy" ? (first, second) : (second, first);
        await Backend.CompleteWorkflowTaskAsync(healthy, Completion(healthy));
        await Backend.AbandonWorkflowTaskAsync(blocked, new WorkflowError("Workflows.NonDeterminismException", "mismatch at #3"), TimeSpan.FromHours(1));

        Assert.Equal(["blocked"], await ListIdsAsync(new InstanceQuery { BlockedOnly = true }));
        Assert.Equal(["blocked", "healthy"], (await ListIdsAsync(new InstanceQuery())).Order(StringComparer.Ordinal));

        // A successful task clears the error, and with it the instance leaves the blocked list.
        await Backend.ResumeWorkflowInstanceAsync("blocked");
        var retry = await ClaimRequiredAsync();
        await Backend.CompleteWorkflowTaskAsync(retry, Completion(retry));
        Assert.Empty(await ListIdsAsync(new InstanceQuery { BlockedOnly = true }));
    }

    [Fact]
    public async Task ResumeWorkflowInstance_Missing_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.ResumeWorkflowInstanceAsync("nope"));
        Assert.Equal("nope", ex.InstanceId);
    }

    [Fact]
    public async Task ResumeWorkflowInstance_Finished_ThrowsAlreadyFinished()
    {
        var instance = await CreateAsync("finished");
        await FinishAsync(instance);

        var ex = await Assert.ThrowsAsync<WorkflowAlreadyFinishedException>(() => Backend.ResumeWorkflowInstanceAsync("finished"));
        Assert.Equal(WorkflowStatus.Completed, ex.Status);
    }
}
