using Workflows.History;

namespace Workflows.Backends.Tests.Conformance;

public abstract partial class BackendConformanceTests
{
    /// <summary>Creates an instance whose history holds the started event, a task-started event and <paramref name="signals"/> signals.</summary>
    private async Task<WorkflowInstance> CreateLongHistoryAsync(string instanceId, int signals)
    {
        var instance = await CreateAsync(instanceId);
        var task = await ClaimRequiredAsync();
        var produced = Enumerable.Range(0, signals).Select(i => Signal("sig", $"\"{i}\"")).ToList();
        await Backend.CompleteWorkflowTaskAsync(task, Completion(task, produced: produced));
        return instance;
    }

    [Fact]
    public async Task GetWorkflowInstanceHistoryPage_LongHistory_PagesConcatenateToTheWholeHistoryExactly()
    {
        var instance = await CreateLongHistoryAsync("long-history", 1_198);
        var whole = await Backend.GetWorkflowInstanceHistoryAsync(instance);
        Assert.Equal(1_200, whole.Count);

        // 1,200 events in pages of 250: four full pages, a short one, then nothing.
        var paged = new List<HistoryEvent>();
        var sizes = new List<int>();
        long after = 0;
        while (true)
        {
            var page = await Backend.GetWorkflowInstanceHistoryAsync(instance, after, 250);
            sizes.Add(page.Count);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            after = page[^1].SequenceId;
        }

        Assert.Equal([250, 250, 250, 250, 200, 0], sizes);
        Assert.Equal(whole.Select(e => (e.Id, e.SequenceId)), paged.Select(e => (e.Id, e.SequenceId)));
        Assert.Equal(Enumerable.Range(1, 1_200).Select(i => (long)i), paged.Select(e => e.SequenceId));
        Assert.Equal(
            whole.Select(e => e.Attributes is SignalReceivedAttributes s ? s.Value : null),
            paged.Select(e => e.Attributes is SignalReceivedAttributes s ? s.Value : null));
    }

    [Fact]
    public async Task GetWorkflowInstanceHistoryPage_LimitAtOrPastTheEnd_ReturnsTheRestAndThenNothing()
    {
        var instance = await CreateLongHistoryAsync("page-edges", 8);

        Assert.Equal([1L], (await Backend.GetWorkflowInstanceHistoryAsync(instance, null, 1)).Select(e => e.SequenceId));
        Assert.Equal([EventType.WorkflowTaskStarted, EventType.WorkflowExecutionStarted], (await Backend.GetWorkflowInstanceHistoryAsync(instance, 0, 2)).Select(e => e.Type));
        Assert.Equal([5L, 6L, 7L], (await Backend.GetWorkflowInstanceHistoryAsync(instance, 4, 3)).Select(e => e.SequenceId));
        Assert.Equal([9L, 10L], (await Backend.GetWorkflowInstanceHistoryAsync(instance, 8, 2)).Select(e => e.SequenceId));
        Assert.Equal([9L, 10L], (await Backend.GetWorkflowInstanceHistoryAsync(instance, 8, int.MaxValue)).Select(e => e.SequenceId));
        Assert.Empty(await Backend.GetWorkflowInstanceHistoryAsync(instance, 10, 5));
    }

    [Fact]
    public async Task GetWorkflowInstanceHistoryPage_LimitBelowOne_ThrowsNamingTheLimit()
    {
        var instance = await CreateAsync("bad-limit");
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Backend.GetWorkflowInstanceHistoryAsync(instance, null, 0));
        Assert.Equal("limit", ex.ParamName);
    }

    [Fact]
    public async Task GetWorkflowInstanceHistoryPage_MissingExecution_ThrowsNotFound()
        => await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => Backend.GetWorkflowInstanceHistoryAsync(new WorkflowInstance("nope", "x"), null, 10));

    [Fact]
    public void GetWorkflowInstanceHistoryPage_Backend_ImplementsThePageItselfNotTheReadEverythingDefault()
    {
        // The interface's default reads the whole rest of the history; every built-in backend reads only the page.
        var map = Backend.GetType().GetInterfaceMap(typeof(IBackend));
        int slot = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IBackend.GetWorkflowInstanceHistoryAsync) && m.GetParameters().Length == 4);
        Assert.True(slot >= 0);
        Assert.Equal(Backend.GetType(), map.TargetMethods[slot].DeclaringType);
    }
}
