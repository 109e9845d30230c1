using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

public sealed class ExecutorReplayTests
{
    private int _sideEffectRuns;

    private WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddWorkflow("Two", async (WorkflowContext ctx) =>
        {
            int a = await ctx.ExecuteActivityAsync<int>("A", null, 1);
            int b = await ctx.ExecuteActivityAsync<int>("B", null, a);
            return a + b;
        })
        .AddWorkflow("SideEffect", async (WorkflowContext ctx) =>
        {
            int v = await ctx.SideEffectAsync(() => Interlocked.Increment(ref _sideEffectRuns) + 40);
            await ctx.ExecuteActivityAsync("A", null, v);
            return v;
        })
        .AddWorkflow("Parallel", async (WorkflowContext ctx) =>
        {
            var a = ctx.ExecuteActivityAsync<int>("A", null, 1);
            var b = ctx.ExecuteActivityAsync<int>("B", null, 2);
            return await a + await b;
        })
        .AddWorkflow("TimerThenActivity", async (WorkflowContext ctx) =>
        {
            await ctx.DelayAsync(TimeSpan.FromHours(1));
            return await ctx.ExecuteActivityAsync<int>("A", null, 1);
        })
        .AddWorkflow("Nothing", (WorkflowContext ctx) => Task.FromResult(0));

    // The history a first run of "Two" records: task 1 schedules A, task 2 completes A and schedules B, task 3 finishes.
    private ExecutorHarness CompletedTwo()
    {
        return new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1)
            .TaskStarted().Add(new ActivityCompletedAttributes("10"), 1).Add(new ActivityScheduledAttributes("B", "default", ["10"]), 2)
            .TaskStarted().Add(new ActivityCompletedAttributes("20"), 2).Add(new ExecutionFinishedAttributes("30", null), 3);
    }

    [Fact]
    public void Replay_CompletedHistory_MatchesEveryCommand()
    {
        var harness = CompletedTwo();
        var executor = harness.NewExecutor();

        executor.ReplayOnly(harness.History);

        Assert.True(executor.IsFinished);
        Assert.Equal(9, executor.LastSequenceId);
    }

    [Fact]
    public void Replay_ThenNewEvents_ContinuesWithNextCommand()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1);
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes("10"), 1));

        Assert.Equal(WorkflowStatus.Running, completion.Status);
        Assert.Equal([EventType.WorkflowTaskStarted, EventType.ActivityCompleted, EventType.ActivityScheduled], completion.ExecutedEvents.Select(e => e.Type));
        Assert.Equal([4L, 5L, 6L], completion.ExecutedEvents.Select(e => e.SequenceId));
        var scheduled = Assert.Single(completion.Activities);
        Assert.Equal(2, scheduled.ScheduleEventId);
        Assert.Equal(["10"], ((ActivityScheduledAttributes)scheduled.Attributes).Inputs);

        // The same executor, cached, takes the next task without the history.
        var last = harness.Run(executor, replayHistory: false, ExecutorHarness.Pending(new ActivityCompletedAttributes("20"), 2));
        Assert.Equal(WorkflowStatus.Completed, last.Status);
        Assert.Equal("30", last.Result);
    }

    [Fact]
    public void Replay_ActivityNameChanged_NonDeterminismNamesSequenceIdAndBothSides()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ActivityScheduledAttributes("Renamed", "default", ["1"]), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Equal(3, ex.SequenceId);
        Assert.Equal("#3 ActivityScheduled(1) Renamed", ex.Recorded);
        Assert.Equal("ActivityScheduled(1) A", ex.Produced);
        Assert.Contains("at sequence id 3: the history records #3 ActivityScheduled(1) Renamed, but the workflow code produced ActivityScheduled(1) A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CommandKindChanged_NonDeterminism()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new TimerScheduledAttributes(ExecutorHarness.T0.AddHours(1)), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Equal("#3 TimerScheduled(1)", ex.Recorded);
        Assert.Equal("ActivityScheduled(1) A", ex.Produced);
    }

    [Fact]
    public void Replay_SameActivityWithOtherInputs_NonDeterminismNamesTheArgument()
    {
        // "Two" schedules A(1); a history that recorded A(2) at that id is another call, whatever its name.
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ActivityScheduledAttributes("A", "default", ["2"]), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Equal(3, ex.SequenceId);
        Assert.Contains("argument 0 = 1, where the history records 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SameActivityWithOtherArgumentCount_NonDeterminism()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ActivityScheduledAttributes("A", "default", ["1", "2"]), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Contains("1 argument(s), where the history records 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SameActivityOtherAttempt_NonDeterminism()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ActivityScheduledAttributes("A", "default", ["1"], Attempt: 2), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Contains("attempt 1, where the history records attempt 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SubWorkflowWithOtherInputs_NonDeterminism()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Parent", (WorkflowContext ctx) => ctx.ExecuteSubWorkflowAsync<int>("Child", new() { InstanceId = "child" }, 5));
        var harness = new ExecutorHarness(registry)
            .TaskStarted().Started("Parent").Add(new SubWorkflowScheduledAttributes("Child", "child", "e1", "default", ["6"]), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Contains("argument 0 = 5, where the history records 6", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SideEffectInBranch_CompletesBeforeTheSiblingBranchRuns()
    {
        // Live, branch 1's side effect completed at once, so its activity took schedule id 2 before branch 2 ran.
        var registry = new WorkflowRegistry()
            .AddWorkflow("Branches", async (WorkflowContext ctx) =>
            {
                var first = ctx.Go(async c => await c.ExecuteActivityAsync<int>("A", null, await c.SideEffectAsync(() => 1)));
                var second = ctx.Go(c => c.ExecuteActivityAsync<int>("A", null, 2));
                return await first + await second;
            });
        var harness = new ExecutorHarness(registry)
            .TaskStarted().Started("Branches")
            .Add(new SideEffectResultAttributes("1"), 1)
            .Add(new ActivityScheduledAttributes("A", "default", ["1"]), 2)
            .Add(new ActivityScheduledAttributes("A", "default", ["2"]), 3)
            .TaskStarted().Add(new ActivityCompletedAttributes("10"), 2).Add(new ActivityCompletedAttributes("20"), 3)
            .Add(new ExecutionFinishedAttributes("30", null), 4);
        var executor = harness.NewExecutor();

        executor.ReplayOnly(harness.History);

        Assert.True(executor.IsFinished);
    }

    [Fact]
    public void Replay_SideEffectResultThatNoLongerDecodes_FailsTheTaskNotTheWorkflow()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Typed", async (WorkflowContext ctx) => await ctx.SideEffectAsync(() => 1));
        var harness = new ExecutorHarness(registry)
            .TaskStarted().Started("Typed").Add(new SideEffectResultAttributes("\"not a number\""), 1);

        var ex = Assert.Throws<WorkflowRuntimeViolationException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Contains("recorded result of side effect 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_RecordedCommandNoLongerProduced_NonDeterminism()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Nothing").Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Null(ex.Produced);
        Assert.Contains("produced no command with schedule id 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_CodeProducesMoreThanRecorded_NonDeterminism()
    {
        // Recorded by an older version that scheduled only A in its first task.
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Parallel").Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Null(ex.Recorded);
        Assert.Equal("ActivityScheduled(2) B", ex.Produced);
        Assert.Contains("which the history does not record", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_RecordedFinishButCodeStillRunning_NonDeterminism()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("Two").Add(new ExecutionFinishedAttributes("0", null), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Equal(3, ex.SequenceId);
        Assert.Contains("has not finished", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_SideEffect_NotRunAgainAndRecordedValueUsed()
    {
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("SideEffect").Add(new SideEffectResultAttributes("99"), 1).Add(new ActivityScheduledAttributes("A", "default", ["99"]), 2);
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes(null), 2));

        Assert.Equal(0, _sideEffectRuns);
        Assert.Equal("99", completion.Result);
    }

    [Fact]
    public void SideEffect_FirstRun_RunsOnceAndRecordsResult()
    {
        var harness = new ExecutorHarness(Registry());
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: false, ExecutorHarness.Pending(new ExecutionStartedAttributes("SideEffect", "default", [])));

        Assert.Equal(1, _sideEffectRuns);
        var recorded = completion.ExecutedEvents.Single(e => e.Type == EventType.SideEffectResult);
        Assert.Equal("41", ((SideEffectResultAttributes)recorded.Attributes).Result);
        Assert.Equal(["41"], ((ActivityScheduledAttributes)Assert.Single(completion.Activities).Attributes).Inputs);
    }

    [Fact]
    public void Timer_FiredAfterReplay_UsesRecordedDueTimeAndContinues()
    {
        var due = ExecutorHarness.T0.AddHours(1);
        var harness = new ExecutorHarness(Registry())
            .TaskStarted().Started("TimerThenActivity").Add(new TimerScheduledAttributes(due), 1);

        var completion = harness.Run(harness.NewExecutor(), replayHistory: true, ExecutorHarness.Pending(new TimerFiredAttributes(due), 1));

        Assert.Equal("A", ((ActivityScheduledAttributes)Assert.Single(completion.Activities).Attributes).Name);
    }

    [Fact]
    public void Timer_FirstRun_ScheduledAsFutureEventAtDueTime()
    {
        var harness = new ExecutorHarness(Registry());

        var completion = harness.Run(harness.NewExecutor(), replayHistory: false, ExecutorHarness.Pending(new ExecutionStartedAttributes("TimerThenActivity", "default", [])));

        var timer = Assert.Single(completion.Timers);
        var taskStarted = completion.ExecutedEvents[0];
        Assert.Equal(EventType.TimerFired, timer.Type);
        Assert.Equal(taskStarted.Timestamp.AddHours(1), timer.VisibleAt);
        Assert.Equal(1, timer.ScheduleEventId);
    }
}
