using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    [Fact]
    public async Task SideEffect_AcrossReplays_RunsOnceAndReturnsRecordedValue()
    {
        int runs = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow("Side", async (WorkflowContext ctx) =>
            {
                int value = await ctx.SideEffectAsync(() => Interlocked.Increment(ref runs) * 100);
                await ctx.ExecuteActivityAsync("Noop", null);
                await ctx.ExecuteActivityAsync("Noop", null);
                return value;
            })
            .AddActivity("Noop", () => { });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Side", Id("side"), []);

        Assert.Equal(100, await handle.GetResultAsync(Timeout));
        Assert.Equal(1, runs);
        var history = await handle.GetHistoryAsync();
        Assert.Equal("100", ((SideEffectResultAttributes)history.Single(e => e.Type == EventType.SideEffectResult).Attributes).Result);
    }

    [Fact]
    public async Task Timer_Fires_NoEarlierThanDueAndOnce()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Sleep", async (WorkflowContext ctx) =>
            {
                var before = ctx.Now;
                await ctx.DelayAsync(TimeSpan.FromMilliseconds(100));
                return ctx.Now - before;
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<TimeSpan>("Sleep", Id("sleep"), []);

        Assert.True(await handle.GetResultAsync(Timeout) >= TimeSpan.FromMilliseconds(100));
        var history = await handle.GetHistoryAsync();
        var scheduled = (TimerScheduledAttributes)history.Single(e => e.Type == EventType.TimerScheduled).Attributes;
        int fired = history.ToList().FindIndex(e => e.Type == EventType.TimerFired);
        var taskStarted = history.Take(fired).Last(e => e.Type == EventType.WorkflowTaskStarted);
        Assert.True(taskStarted.Timestamp >= scheduled.FireAt, "the timer was delivered before its due time");
        Assert.Single(history, e => e.Type == EventType.TimerFired);
    }

    [Fact]
    public async Task TimerCancellation_BeforeStart_NothingRecorded()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("CancelBefore", async (WorkflowContext ctx) =>
            {
                using var cts = new CancellationTokenSource();
                cts.Cancel();
                try
                {
                    await ctx.DelayAsync(TimeSpan.FromDays(1), cts.Token);
                    return "fired";
                }
                catch (OperationCanceledException)
                {
                    return "canceled";
                }
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("CancelBefore", Id("cancel-before"), []);

        Assert.Equal("canceled", await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        Assert.DoesNotContain(history, e => e.Type is EventType.TimerScheduled or EventType.TimerCanceled);
    }

    [Fact]
    public async Task TimerCancellation_InSameTaskAsCreated_NeverRecorded()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("CancelSameTask", async (WorkflowContext ctx) =>
            {
                using var cts = new CancellationTokenSource();
                var timer = ctx.DelayAsync(TimeSpan.FromDays(1), cts.Token);
                cts.Cancel();
                cts.Cancel(); // twice: the second is a no-op
                var outcome = await Task.WhenAny(timer);
                await ctx.ExecuteActivityAsync("Noop", null);
                return outcome.IsCanceled ? "canceled" : "fired";
            })
            .AddActivity("Noop", () => { });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("CancelSameTask", Id("cancel-same"), []);

        Assert.Equal("canceled", await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        Assert.DoesNotContain(history, e => e.Type is EventType.TimerScheduled or EventType.TimerCanceled or EventType.TimerFired);
    }

    [Fact]
    public async Task TimerCancellation_AfterCommit_RecordsCanceledAndNeverFires()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("CancelAfter", async (WorkflowContext ctx) =>
            {
                using var cts = new CancellationTokenSource();
                var timer = ctx.DelayAsync(TimeSpan.FromDays(1), cts.Token);
                await ctx.ExecuteActivityAsync("Noop", null); // the timer is committed with this task
                cts.Cancel();
                cts.Cancel();
                var outcome = await Task.WhenAny(timer);
                await ctx.ExecuteActivityAsync("Noop", null);
                return outcome.IsCanceled ? "canceled" : "fired";
            })
            .AddActivity("Noop", () => { });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("CancelAfter", Id("cancel-after"), []);

        Assert.Equal("canceled", await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        var timerId = history.Single(e => e.Type == EventType.TimerScheduled).ScheduleEventId;
        Assert.Single(history, e => e.Type == EventType.TimerCanceled && e.ScheduleEventId == timerId);
        Assert.DoesNotContain(history, e => e.Type == EventType.TimerFired);
    }

    [Fact]
    public async Task TimerCancellation_RacingDueTime_EitherFiresOrCancelsNeverBoth()
    {
        // The timer is due right away and cancelled after an activity: whichever lands first wins, and the
        // history stays consistent either way (at most one of fired/cancelled takes effect).
        var registry = new WorkflowRegistry()
            .AddWorkflow("Race", async (WorkflowContext ctx) =>
            {
                using var cts = new CancellationTokenSource();
                var timer = ctx.DelayAsync(TimeSpan.FromMilliseconds(1), cts.Token);
                await ctx.ExecuteActivityAsync("Noop", null);
                cts.Cancel();
                var outcome = await Task.WhenAny(timer);
                await ctx.ExecuteActivityAsync("Noop", null);
                return outcome.IsCanceled ? "canceled" : "fired";
            })
            .AddActivity("Noop", () => { });
        await StartWorkerAsync(registry);

        for (int i = 0; i < 5; i++)
        {
            var handle = await Client.StartWorkflowAsync<string>("Race", Id($"race-{i}"), []);
            string outcome = await handle.GetResultAsync(Timeout);
            var history = await handle.GetHistoryAsync();
            bool canceledRecorded = history.Any(e => e.Type == EventType.TimerCanceled);
            Assert.Equal(outcome == "canceled", canceledRecorded);
            Assert.True(history.Count(e => e.Type == EventType.TimerFired) <= 1);
            Assert.Equal(history.Count, history.Select(e => e.Id).Distinct().Count());
        }
    }
}
