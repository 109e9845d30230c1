using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    private static async Task<int> SimpleWorkflow(WorkflowContext ctx, string message)
    {
        int r1 = await ctx.ExecuteActivityAsync<int>("Activity1", null, 35, 12);
        int r2 = await ctx.ExecuteActivityAsync<int>("Activity2", null);
        return r1 + r2 + message.Length * 0;
    }

    private sealed class SharedStateActivities
    {
        public int SharedState { get; set; }

        public int Calls { get; private set; }

        [Activity]
        public Task<int> Activity1(int a, int b)
        {
            Calls++;
            return Task.FromResult(a + b);
        }

        [Activity]
        public int Activity2()
        {
            Calls++;
            return SharedState;
        }
    }

    [Fact]
    public async Task SimpleWorkflow_TwoActivities_ReturnsSumAndUsesSharedState()
    {
        var act = new SharedStateActivities { SharedState = 12 };
        var registry = new WorkflowRegistry().AddWorkflow("Workflow1", SimpleWorkflow).AddActivities(act);
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Workflow1", Id("simple"), "hello");

        Assert.Equal(59, await handle.GetResultAsync(Timeout));
        Assert.Equal(2, act.Calls);
        var state = await handle.GetStateAsync();
        Assert.Equal(WorkflowStatus.Completed, state.Status);
        Assert.NotNull(state.CompletedAt);
    }

    [Fact]
    public async Task SimpleWorkflow_History_HasExpectedShape()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Workflow1", SimpleWorkflow).AddActivities(new SharedStateActivities { SharedState = 1 });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Workflow1", Id("shape"), "x");
        await handle.GetResultAsync(Timeout);
        var history = await handle.GetHistoryAsync();

        Assert.Equal(
            [
                EventType.WorkflowTaskStarted, EventType.WorkflowExecutionStarted, EventType.ActivityScheduled,
                EventType.WorkflowTaskStarted, EventType.ActivityCompleted, EventType.ActivityScheduled,
                EventType.WorkflowTaskStarted, EventType.ActivityCompleted, EventType.WorkflowExecutionFinished,
            ],
            history.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.SequenceId));
        Assert.Equal(history.Count, history.Select(e => e.Id).Distinct().Count());
        var scheduled = history.Where(e => e.Type == EventType.ActivityScheduled).ToList();
        var completed = history.Where(e => e.Type == EventType.ActivityCompleted).ToList();
        Assert.Equal(scheduled.Select(e => e.ScheduleEventId), completed.Select(e => e.ScheduleEventId));
        Assert.Equal("Activity1", ((ActivityScheduledAttributes)scheduled[0].Attributes).Name);
        Assert.Equal("47", ((ActivityCompletedAttributes)completed[0].Attributes).Result);
        Assert.Equal("48", ((ExecutionFinishedAttributes)history[^1].Attributes).Result);
    }
}
