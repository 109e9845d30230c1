using Workflows.History;
using Workflows.Worker;

namespace Workflows.Testing.Tests;

public sealed class ClockTests
{
    [Fact]
    public async Task RunAsync_ThirtyDaySleep_FinishesWithNowMovedByExactlyThirtyDays()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Sleep", async (WorkflowContext ctx) =>
        {
            var before = ctx.Now;
            await ctx.DelayAsync(TimeSpan.FromDays(30));
            return (ctx.Now - before).Ticks;
        });
        await using var tester = new WorkflowTester(registry);

        long ticks = await tester.ExecuteAsync<long>("Sleep");

        Assert.Equal(TimeSpan.FromDays(30), TimeSpan.FromTicks(ticks));
        Assert.Equal(TimeSpan.FromDays(30), tester.Elapsed);
        Assert.Contains(tester.History, e => e.Type == EventType.TimerFired);
    }

    [Fact]
    public async Task RunAsync_WithoutExecutorCache_FullReplayEveryTaskGivesSameResult()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Steps", async (WorkflowContext ctx) =>
        {
            int total = 0;
            for (int i = 1; i <= 3; i++)
            {
                await ctx.DelayAsync(TimeSpan.FromDays(i));
                total += await ctx.ExecuteActivityAsync<int>("Step", null, i);
            }

            return total;
        });
        await using var tester = new WorkflowTester(registry, new WorkflowTesterOptions { EnableExecutorCache = false });
        tester.OnActivity("Step").Calls((int i) => i * 10);

        Assert.Equal(60, await tester.ExecuteAsync<int>("Steps"));
        Assert.Equal(TimeSpan.FromDays(6), tester.Elapsed);
    }

    [Fact]
    public async Task StartTime_Given_WorkflowSeesItAsNow()
    {
        var start = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var registry = new WorkflowRegistry().AddWorkflow("Now", async (WorkflowContext ctx) =>
        {
            var first = ctx.Now;
            await ctx.DelayAsync(TimeSpan.FromMinutes(90));
            return new[] { first, ctx.Now };
        });
        await using var tester = new WorkflowTester(registry, new WorkflowTesterOptions { StartTime = start });

        var times = await tester.ExecuteAsync<DateTimeOffset[]>("Now");

        Assert.Equal(start, times[0]);
        Assert.Equal(start.AddMinutes(90), times[1]);
    }

    [Fact]
    public async Task RunAsync_SequentialAndParallelTimers_FireInDueOrder()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Timers", async (WorkflowContext ctx) =>
        {
            var start = ctx.Now;
            var order = new List<string>();
            var slow = ctx.Go(async c => { await c.DelayAsync(TimeSpan.FromHours(5)); order.Add(FormattableString.Invariant($"slow@{(c.Now - start).TotalHours}")); });
            var fast = ctx.Go(async c => { await c.DelayAsync(TimeSpan.FromHours(2)); order.Add(FormattableString.Invariant($"fast@{(c.Now - start).TotalHours}")); });
            await ctx.WhenAll(slow, fast);
            return string.Join(",", order);
        });
        await using var tester = new WorkflowTester(registry);

        Assert.Equal("fast@2,slow@5", await tester.ExecuteAsync<string>("Timers"));
        Assert.Equal(TimeSpan.FromHours(5), tester.Elapsed);
    }

    [Fact]
    public async Task RetryPolicy_BackoffTimers_SkippedInMockTime()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Flaky", async (WorkflowContext ctx) =>
        {
            var options = new ActivityOptions
            {
                RetryPolicy = new RetryPolicy { MaxAttempts = 4, FirstInterval = TimeSpan.FromHours(1), BackoffCoefficient = 2, MaxInterval = TimeSpan.FromDays(1) },
            };
            return await ctx.ExecuteActivityAsync<string>("Flaky", options);
        });
        await using var tester = new WorkflowTester(registry);
        int calls = 0;
        tester.OnActivity("Flaky").Calls(_ => ++calls < 3 ? throw new TimeoutException($"attempt {calls}") : (object)"done");

        Assert.Equal("done", await tester.ExecuteAsync<string>("Flaky"));

        // Back-off before attempt 2 is one hour, before attempt 3 two hours.
        Assert.Equal(3, calls);
        Assert.Equal(TimeSpan.FromHours(3), tester.Elapsed);
        Assert.Equal(3, tester.History.Count(e => e.Type == EventType.ActivityScheduled));
    }

    [Fact]
    public async Task RunAsync_ContinueAsNewDaily_FollowsToTheLastExecution()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Daily", async (WorkflowContext ctx, int day) =>
        {
            await ctx.DelayAsync(TimeSpan.FromDays(1));
            await ctx.ExecuteActivityAsync("Report", null, day);
            if (day < 3)
            {
                throw ctx.ContinueAsNew(day + 1);
            }

            return day;
        });
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Report").Returns(null).Times(3);

        Assert.Equal(3, await tester.ExecuteAsync<int>("Daily", 1));
        Assert.Equal(TimeSpan.FromDays(3), tester.Elapsed);
        Assert.Single(tester.History, e => e.Type == EventType.TimerFired);
        tester.AssertExpectations();
    }
}
