using Workflows.History;
using Workflows.Worker;

namespace Workflows.Backends.Tests.EndToEnd;

public abstract partial class EndToEndTestBase
{
    private static readonly RetryPolicy s_fastRetry = new() { MaxAttempts = 4, FirstInterval = TimeSpan.FromMilliseconds(10), BackoffCoefficient = 2 };

    [Fact]
    public async Task Retry_FailsTwiceThenSucceeds_AttemptsAndBackoffTimersInHistory()
    {
        var attempts = new List<int>();
        var registry = new WorkflowRegistry()
            .AddWorkflow("Retry", async (WorkflowContext ctx) =>
                await ctx.ExecuteActivityAsync<int>("Flaky", new ActivityOptions { RetryPolicy = s_fastRetry }))
            .AddActivity("Flaky", () =>
            {
                int attempt = ActivityContext.Current!.Attempt;
                lock (attempts)
                {
                    attempts.Add(attempt);
                }

                return attempt < 3 ? throw new InvalidOperationException("transient " + attempt) : attempt;
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Retry", Id("retry"), []);

        Assert.Equal(3, await handle.GetResultAsync(Timeout));
        Assert.Equal([1, 2, 3], attempts);
        var history = await handle.GetHistoryAsync();
        Assert.Equal([1, 2, 3], history.Where(e => e.Type == EventType.ActivityScheduled).Select(e => ((ActivityScheduledAttributes)e.Attributes).Attempt));
        Assert.Equal(2, history.Count(e => e.Type == EventType.ActivityFailed));
        var backoffs = history.Where(e => e.Type == EventType.TimerScheduled).ToList();
        Assert.Equal(2, backoffs.Count);
        Assert.Equal(2, history.Count(e => e.Type == EventType.TimerFired));
    }

    [Fact]
    public async Task Retry_NonRetryableError_StopsAtOnce()
    {
        int calls = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow("NoRetry", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync("Fatal", new ActivityOptions { RetryPolicy = s_fastRetry });
                    return "ok";
                }
                catch (ActivityFailedException ex)
                {
                    return ex.OriginalType;
                }
            })
            .AddActivity("Fatal", () =>
            {
                Interlocked.Increment(ref calls);
                throw new NonRetryableException("card stolen");
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("NoRetry", Id("no-retry"), []);

        Assert.Equal(typeof(NonRetryableException).FullName, await handle.GetResultAsync(Timeout));
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Retry_CanceledDuringBackoff_StopsRetrying()
    {
        int calls = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow("LongBackoff", async (WorkflowContext ctx) =>
                await ctx.ExecuteActivityAsync<int>("AlwaysFails", new ActivityOptions { RetryPolicy = new RetryPolicy { MaxAttempts = 5, FirstInterval = TimeSpan.FromDays(1) } }))
            .AddActivity("AlwaysFails", int () =>
            {
                Interlocked.Increment(ref calls);
                throw new InvalidOperationException("down");
            });
        await StartWorkerAsync(registry);
        var handle = await Client.StartWorkflowAsync<int>("LongBackoff", Id("backoff-cancel"), []);
        await WaitUntilAsync(async () => (await handle.GetHistoryAsync()).Any(e => e.Type == EventType.TimerScheduled), "back-off timer started");

        await handle.CancelAsync();

        await Assert.ThrowsAsync<WorkflowCanceledException>(() => handle.GetResultAsync(Timeout));
        Assert.Equal(1, calls);
        Assert.Contains(await handle.GetHistoryAsync(), e => e.Type == EventType.TimerCanceled);
    }

    [Fact]
    public async Task ActivityTimeout_StartToClose_TokenFiresWorkflowSeesTimeoutLateResultDiscarded()
    {
        var tokenFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lateRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("Timeout", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync<string>("Stubborn", new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMilliseconds(200) });
                    return "completed";
                }
                catch (ActivityFailedException ex) when (ex.IsTimeout)
                {
                    return "timed out";
                }
            })
            .AddActivity("Stubborn", async (CancellationToken ct) =>
            {
                ct.Register(() => tokenFired.TrySetResult());
                await lateRelease.Task; // ignores its token
                return "late";
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Timeout", Id("timeout"), []);

        Assert.Equal("timed out", await handle.GetResultAsync(Timeout));
        await tokenFired.Task.WaitAsync(Timeout);
        lateRelease.SetResult();
        var history = await handle.GetHistoryAsync();
        Assert.Single(history, e => e.Type == EventType.ActivityFailed);
        Assert.DoesNotContain(history, e => e.Type == EventType.ActivityCompleted);
    }

    [Fact]
    public async Task ActivityTimeout_ScheduleToClose_WorkflowSeesTimeout()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Deadline", async (WorkflowContext ctx) =>
            {
                try
                {
                    await ctx.ExecuteActivityAsync("Never", new ActivityOptions { ScheduleToCloseTimeout = TimeSpan.FromMilliseconds(100), Queue = "nobody-polls-this" });
                    return "completed";
                }
                catch (ActivityFailedException ex) when (ex.IsTimeout)
                {
                    return "deadline";
                }
            });
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<string>("Deadline", Id("deadline"), []);

        Assert.Equal("deadline", await handle.GetResultAsync(Timeout));
    }

    [Fact]
    public async Task SubWorkflowRetry_FailsOnceThenSucceeds()
    {
        int runs = 0;
        var registry = new WorkflowRegistry()
            .AddWorkflow("FlakyChild", async (WorkflowContext ctx) =>
            {
                int run = await ctx.SideEffectAsync(() => Interlocked.Increment(ref runs));
                return run < 2 ? throw new InvalidOperationException("first run fails") : run;
            })
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
                await ctx.ExecuteSubWorkflowAsync<int>("FlakyChild", new SubWorkflowOptions { RetryPolicy = s_fastRetry }));
        await StartWorkerAsync(registry);

        var handle = await Client.StartWorkflowAsync<int>("Parent", Id("sub-retry"), []);

        Assert.Equal(2, await handle.GetResultAsync(Timeout));
        var history = await handle.GetHistoryAsync();
        Assert.Equal(2, history.Count(e => e.Type == EventType.SubWorkflowScheduled));
        Assert.Single(history, e => e.Type == EventType.SubWorkflowFailed);
    }
}
