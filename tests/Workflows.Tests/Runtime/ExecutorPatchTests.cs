using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

public sealed class ExecutorPatchTests
{
    // Version 1 called A; the change calls B instead, behind the patch "use-b".
    private static WorkflowRegistry Patched() => new WorkflowRegistry()
        .AddWorkflow("W", async (WorkflowContext ctx) =>
        {
            string first = ctx.IsPatched("use-b")
                ? await ctx.ExecuteActivityAsync<string>("B", null)
                : await ctx.ExecuteActivityAsync<string>("A", null);
#pragma warning disable WF3001 // Asking twice is what this test checks: an execution keeps its first answer.
            bool again = ctx.IsPatched("use-b");
#pragma warning restore WF3001
            return first + (again ? "-patched" : "-old");
        });

    private static WorkflowRegistry Deprecated() => new WorkflowRegistry()
        .AddWorkflow("W", async (WorkflowContext ctx) =>
        {
            ctx.DeprecatePatch("use-b");
            return await ctx.ExecuteActivityAsync<string>("B", null) + "-patched";
        });

    private static WorkflowRegistry PatchRemoved() => new WorkflowRegistry()
        .AddWorkflow("W", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<string>("B", null) + "-patched");

    [Fact]
    public void IsPatched_NewExecution_RecordsOneMarkerBeforeTheNextCommandAndTakesTheNewBranch()
    {
        var harness = new ExecutorHarness(Patched());
        var executor = harness.NewExecutor();

        var first = harness.Run(executor, replayHistory: false, ExecutorHarness.Pending(new ExecutionStartedAttributes("W", "default", [])));
        var second = harness.Run(executor, replayHistory: false, ExecutorHarness.Pending(new ActivityCompletedAttributes("\"b\""), 1));

        Assert.Equal(
            [EventType.WorkflowTaskStarted, EventType.WorkflowExecutionStarted, EventType.PatchMarkerRecorded, EventType.ActivityScheduled],
            first.ExecutedEvents.Select(e => e.Type));
        var marker = first.ExecutedEvents[2];
        Assert.Equal(new PatchMarkerAttributes("use-b"), marker.Attributes);
        Assert.Equal(1, marker.ScheduleEventId);
        Assert.Equal("B", ((ActivityScheduledAttributes)first.ExecutedEvents[3].Attributes).Name);
        Assert.DoesNotContain(second.ExecutedEvents, e => e.Type == EventType.PatchMarkerRecorded);
        Assert.Equal("\"b-patched\"", second.Result);
    }

    [Fact]
    public void IsPatched_ReplayOfHistoryFromBeforeThePatch_TakesTheOldBranchAndContinues()
    {
        // Recorded by version 1: A scheduled, no marker.
        var harness = new ExecutorHarness(Patched())
            .TaskStarted().Started("W").Add(new ActivityScheduledAttributes("A", "default", []), 1);
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes("\"a\""), 1));

        Assert.Equal("\"a-old\"", completion.Result);
        Assert.DoesNotContain(harness.History, e => e.Type == EventType.PatchMarkerRecorded);
    }

    [Fact]
    public void IsPatched_ReplayOfHistoryWithTheMarker_TakesTheNewBranch()
    {
        var harness = new ExecutorHarness(Patched())
            .TaskStarted().Started("W").Add(new PatchMarkerAttributes("use-b"), 1).Add(new ActivityScheduledAttributes("B", "default", []), 1);
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes("\"b\""), 1));

        Assert.Equal("\"b-patched\"", completion.Result);
    }

    [Fact]
    public void IsPatched_MarkerRecordedElsewhere_NotTakenAndReportedAsNonDeterminism()
    {
        // The marker sits before schedule id 2, but the code asks before schedule id 1: the old branch runs and
        // its A does not match the recorded B.
        var harness = new ExecutorHarness(Patched())
            .TaskStarted().Started("W").Add(new ActivityScheduledAttributes("B", "default", []), 1).Add(new PatchMarkerAttributes("use-b"), 2);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Equal("ActivityScheduled(1) A", ex.Produced);
    }

    [Fact]
    public void PatchCallRemoved_HistoryWithMarker_NonDeterminismThatSaysToDeprecate()
    {
        var harness = new ExecutorHarness(PatchRemoved())
            .TaskStarted().Started("W").Add(new PatchMarkerAttributes("use-b"), 1).Add(new ActivityScheduledAttributes("B", "default", []), 1);

        var ex = Assert.Throws<NonDeterminismException>(() => harness.NewExecutor().ReplayOnly(harness.History));

        Assert.Equal(3, ex.SequenceId);
        Assert.Contains("DeprecatePatch(\"use-b\")", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeprecatePatch_ReplaysHistoryWithMarkerAndRecordsADeprecatedOne()
    {
        var recorded = new ExecutorHarness(Deprecated())
            .TaskStarted().Started("W").Add(new PatchMarkerAttributes("use-b"), 1).Add(new ActivityScheduledAttributes("B", "default", []), 1);
        recorded.NewExecutor().ReplayOnly(recorded.History);

        var fresh = new ExecutorHarness(Deprecated());
        var completion = fresh.Run(fresh.NewExecutor(), replayHistory: false, ExecutorHarness.Pending(new ExecutionStartedAttributes("W", "default", [])));

        Assert.Contains(completion.ExecutedEvents, e => e.Attributes is PatchMarkerAttributes { PatchId: "use-b", Deprecated: true });
    }

    [Fact]
    public void PatchCallRemoved_HistoryWithDeprecatedMarker_Replays()
    {
        var harness = new ExecutorHarness(PatchRemoved())
            .TaskStarted().Started("W").Add(new PatchMarkerAttributes("use-b", Deprecated: true), 1).Add(new ActivityScheduledAttributes("B", "default", []), 1)
            .TaskStarted().Add(new ActivityCompletedAttributes("\"b\""), 1).Add(new ExecutionFinishedAttributes("\"b-patched\"", null), 2);
        var executor = harness.NewExecutor();

        executor.ReplayOnly(harness.History);

        Assert.True(executor.IsFinished);
    }
}
