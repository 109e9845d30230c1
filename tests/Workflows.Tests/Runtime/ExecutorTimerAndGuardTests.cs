using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

public sealed class ExecutorTimerAndGuardTests
{

    private static WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddWorkflow("CancelInSameTask", async (WorkflowContext ctx) =>
        {
            using var cts = new CancellationTokenSource();
            var timer = ctx.DelayAsync(TimeSpan.FromHours(1), cts.Token);
            cts.Cancel();
            await Task.WhenAny(timer);
            return await ctx.ExecuteActivityAsync<int>("A", null);
        })
        .AddWorkflow("CancelAfterCommit", async (WorkflowContext ctx) =>
        {
            using var cts = new CancellationTokenSource();
            var timer = ctx.DelayAsync(TimeSpan.FromHours(1), cts.Token);
            await ctx.ExecuteActivityAsync<int>("A", null);
            cts.Cancel();
            await Task.WhenAny(timer);
            return await ctx.ExecuteActivityAsync<int>("B", null);
        })
        // These three break the determinism rules on purpose: the runtime's own guards are under test.
#pragma warning disable WF1003, WF1004, WF1005
        .AddWorkflow("ConfigureAwaitFalse", async (WorkflowContext ctx) =>
        {
            await ctx.ExecuteActivityAsync<int>("A", null).ConfigureAwait(false);
            return await ctx.ExecuteActivityAsync<int>("B", null);
        })
        .AddWorkflow("TaskRun", async (WorkflowContext ctx) => await Task.Run(() => ctx.NewGuid().ToString()))
        .AddWorkflow("TaskDelay", async (WorkflowContext ctx) =>
        {
            await Task.Delay(1);
            return 1;
        })
#pragma warning restore WF1003, WF1004, WF1005
        .AddWorkflow("Deterministic", async (WorkflowContext ctx) =>
        {
            string first = $"{ctx.NewGuid()}|{ctx.Random.Next()}|{ctx.Now:O}";
            await ctx.ExecuteActivityAsync<int>("A", null);
            return $"{first}|{ctx.NewGuid()}|{ctx.Random.Next()}|{ctx.Now:O}";
        });

    [Fact]
    public void TimerCancel_InTaskThatCreatedIt_RecordsNothing()
    {
        var harness = new ExecutorHarness(Registry());

        var completion = harness.Run(harness.NewExecutor(), false, ExecutorHarness.Pending(new ExecutionStartedAttributes("CancelInSameTask", "default", [])));

        Assert.Empty(completion.Timers);
        Assert.Empty(completion.CanceledTimers);
        Assert.DoesNotContain(completion.ExecutedEvents, e => e.Type is EventType.TimerScheduled or EventType.TimerCanceled);
        // The dropped timer still used its schedule id, identically on replay.
        Assert.Equal(2, Assert.Single(completion.Activities).ScheduleEventId);
    }

    [Fact]
    public void TimerCancel_AfterFirstCommit_RecordsCanceledAndRemovesFutureEvent()
    {
        var harness = new ExecutorHarness(Registry());
        var executor = harness.NewExecutor();
        var first = harness.Run(executor, false, ExecutorHarness.Pending(new ExecutionStartedAttributes("CancelAfterCommit", "default", [])));
        Assert.Single(first.Timers);

        var second = harness.Run(harness.NewExecutor(), true, ExecutorHarness.Pending(new ActivityCompletedAttributes("1"), 2));

        Assert.Equal([1L], second.CanceledTimers);
        Assert.Single(second.ExecutedEvents, e => e.Type == EventType.TimerCanceled && e.ScheduleEventId == 1);
        Assert.Equal("B", ((ActivityScheduledAttributes)Assert.Single(second.Activities).Attributes).Name);

        // A fired event that raced the cancellation is ignored, on a cached executor and on replay alike.
        var third = harness.Run(harness.NewExecutor(), true,
            ExecutorHarness.Pending(new TimerFiredAttributes(ExecutorHarness.T0), 1),
            ExecutorHarness.Pending(new ActivityCompletedAttributes("2"), 3));
        Assert.Equal(WorkflowStatus.Completed, third.Status);
        Assert.Equal("2", third.Result);
    }

    [Fact]
    public void Guard_ConfigureAwaitFalse_FailsTaskWithMessage()
    {
        var harness = new ExecutorHarness(Registry());
        var executor = harness.NewExecutor();
        harness.Run(executor, false, ExecutorHarness.Pending(new ExecutionStartedAttributes("ConfigureAwaitFalse", "default", [])));

        var ex = Assert.Throws<WorkflowRuntimeViolationException>(() => harness.Run(executor, false, ExecutorHarness.Pending(new ActivityCompletedAttributes("1"), 1)));

        // Depending on where the continuation lands, the runtime sees either the call off the scheduler or the
        // workflow blocked on something it does not drive; both messages name the cause.
        Assert.Contains("ConfigureAwait(false)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_TaskRun_FailsTask()
    {
        var harness = new ExecutorHarness(Registry());

        var ex = Assert.Throws<WorkflowRuntimeViolationException>(() => harness.Run(harness.NewExecutor(), false, ExecutorHarness.Pending(new ExecutionStartedAttributes("TaskRun", "default", []))));

        Assert.Contains("Task.Run", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Guard_AwaitingTaskDelay_FailsTaskNotInstance()
    {
        var harness = new ExecutorHarness(Registry());

        var ex = Assert.Throws<WorkflowRuntimeViolationException>(() => harness.Run(harness.NewExecutor(), false, ExecutorHarness.Pending(new ExecutionStartedAttributes("TaskDelay", "default", []))));

        Assert.Contains("awaited a task the runtime did not create", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeterministicHelpers_CachedAndReplayed_ProduceSameValues()
    {
        var harness = new ExecutorHarness(Registry());
        var cached = harness.NewExecutor();
        harness.Run(cached, false, ExecutorHarness.Pending(new ExecutionStartedAttributes("Deterministic", "default", [])));
        var history = harness.History.ToList();
        var completion = ExecutorHarness.Pending(new ActivityCompletedAttributes("1"), 1);

        string fromCache = harness.Run(cached, false, completion).Result!;
        harness.History.Clear();
        harness.History.AddRange(history);
        string fromReplay = harness.Run(harness.NewExecutor(), true, completion).Result!;

        Assert.Equal(fromCache, fromReplay);
        Assert.Equal(6, fromCache.Split('|').Distinct().Count());
    }
}
