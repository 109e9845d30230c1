using Workflows.History;
using Workflows.Serialization;
using Workflows.Worker;

namespace Workflows.Tests.Runtime;

/// <summary>
/// A typed call's task is completed with its decoded result directly, not through a second task that casts it: what
/// the workflow code sees, and the order in which its coroutines go on, must be what they were.
/// </summary>
public sealed class ExecutorCallResultTests
{
    private static WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddWorkflow("Typed", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("A", null, 1) + 1)
        .AddWorkflow("SideEffect", async (WorkflowContext ctx) =>
        {
            int v = await ctx.SideEffectAsync(() => 41);
            await ctx.ExecuteActivityAsync("A", null, v);
            return v + 1;
        })
        .AddWorkflow("Mixed", async (WorkflowContext ctx) =>
        {
            // Two coroutines: one awaits a typed call, the other an untyped one; both results arrive in one task.
            async Task TypedThen()
            {
                int a = await ctx.ExecuteActivityAsync<int>("A", null, 1);
                await ctx.ExecuteActivityAsync("AfterA", null, a);
            }

            async Task UntypedThen()
            {
                await ctx.ExecuteActivityAsync("B", null, 2);
                await ctx.ExecuteActivityAsync("AfterB", null);
            }

            await Task.WhenAll(TypedThen(), UntypedThen());
            return 0;
        });

    [Fact]
    public void TypedResult_ReachesTheCode()
    {
        var harness = new ExecutorHarness(Registry()).TaskStarted().Started("Typed").Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1);
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes("41"), 1));

        Assert.Equal(WorkflowStatus.Completed, completion.Status);
        Assert.Equal("42", completion.Result);
    }

    [Fact]
    public void RecordedSideEffect_ReachesTheCode_OnReplay()
    {
        // Recorded as 7, where the function now returns 41: the replay must go on with 7.
        var harness = new ExecutorHarness(Registry()).TaskStarted().Started("SideEffect")
            .Add(new SideEffectResultAttributes("7"), 1).Add(new ActivityScheduledAttributes("A", "default", ["7"]), 2);
        var executor = harness.NewExecutor();

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes(null), 2));

        Assert.Equal(WorkflowStatus.Completed, completion.Status);
        Assert.Equal("8", completion.Result);
    }

    [Fact]
    public void ResultOfAnotherType_FailsTheWorkflow_NotTheTask()
    {
        // A converter that decodes every payload as a string: the code asked for an int.
        var harness = new ExecutorHarness(Registry()).TaskStarted().Started("Typed").Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1);
        var executor = harness.NewExecutor(new StringsOnly());

        var completion = harness.Run(executor, replayHistory: true, ExecutorHarness.Pending(new ActivityCompletedAttributes("41"), 1));

        Assert.Equal(WorkflowStatus.Failed, completion.Status);
        Assert.Equal(typeof(InvalidCastException).FullName, completion.Error!.Type);
    }

    [Fact]
    public void TypedAndUntypedResults_InOneTask_ContinueInTheOrderOfTheirEvents()
    {
        // "Mixed" after its first task: A and B scheduled.
        static ExecutorHarness Scheduled() => new ExecutorHarness(Registry()).TaskStarted().Started("Mixed")
            .Add(new ActivityScheduledAttributes("A", "default", ["1"]), 1)
            .Add(new ActivityScheduledAttributes("B", "default", ["2"]), 2);

        var scheduled = Scheduled();

        // B's result first, then A's: each coroutine goes on when its own event is applied, B's first.
        var completion = scheduled.Run(scheduled.NewExecutor(), replayHistory: true,
            ExecutorHarness.Pending(new ActivityCompletedAttributes(null), 2),
            ExecutorHarness.Pending(new ActivityCompletedAttributes("10"), 1));

        Assert.Equal(["AfterB", "AfterA"], completion.Activities.Select(e => ((ActivityScheduledAttributes)e.Attributes).Name));
        Assert.Equal([3L, 4L], completion.Activities.Select(e => e.ScheduleEventId));

        // And in the other order, the other way round.
        var reversed = Scheduled();
        var other = reversed.Run(reversed.NewExecutor(), replayHistory: true,
            ExecutorHarness.Pending(new ActivityCompletedAttributes("10"), 1),
            ExecutorHarness.Pending(new ActivityCompletedAttributes(null), 2));

        Assert.Equal(["AfterA", "AfterB"], other.Activities.Select(e => ((ActivityScheduledAttributes)e.Attributes).Name));
        Assert.Equal([3L, 4L], other.Activities.Select(e => e.ScheduleEventId));
    }

    private sealed class StringsOnly : IPayloadConverter
    {
        public string? Serialize(object? value, Type type) => JsonPayloadConverter.Default.Serialize(value, type);

        public object? Deserialize(string? payload, Type type) => payload;
    }
}
