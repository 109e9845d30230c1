using System.Globalization;
using Workflows;

namespace Timers;

public static class TimerWorkflows
{
    [Workflow]
    public static async Task<string> Timers(WorkflowContext ctx)
    {
        // 1. A timer that fires. It would survive a restart of the worker: it is stored, not held in memory.
        var start = ctx.Now;
        await ctx.DelayAsync(TimeSpan.FromSeconds(1));
        Say(ctx, string.Create(CultureInfo.InvariantCulture, $"Timer 1 fired after {(ctx.Now - start).TotalSeconds:0.0} s of workflow time"));

        // 2. A 1-second timeout raced against an activity that takes 5 seconds: the timer wins.
        using var timeout = new CancellationTokenSource();
        var slow = ctx.Activities.SlowLookupAsync(TimeSpan.FromSeconds(5));
        var deadline = ctx.DelayAsync(TimeSpan.FromSeconds(1), timeout.Token);
        string race = await ctx.WhenAny(slow, deadline) == deadline ? "the timeout won against the slow activity" : await slow;
        Say(ctx, $"Race: {race}");

        // 3. A reminder in a day, cancelled because the work finished first.
        using var reminderCts = new CancellationTokenSource();
        var reminder = ctx.DelayAsync(TimeSpan.FromDays(1), reminderCts.Token);
        await ctx.Activities.SlowLookupAsync(TimeSpan.Zero);
        reminderCts.Cancel();
        try
        {
            await reminder;
        }
        catch (OperationCanceledException)
        {
            Say(ctx, "Timer 3 (a day) was cancelled before it fired");
        }

        await slow;   // the slow activity still finishes; wait for it so the run ends cleanly
        return "all three timers done";
    }

    private static void Say(WorkflowContext ctx, string line)
    {
        if (!ctx.IsReplaying)
        {
            Console.WriteLine("  " + line);
        }
    }
}

public static class TimerActivities
{
    [Activity]
    public static async Task<string> SlowLookup(TimeSpan takes, CancellationToken cancellationToken)
    {
        await Task.Delay(takes, cancellationToken).ConfigureAwait(false);
        return $"lookup done after {takes.TotalSeconds} s";
    }
}
