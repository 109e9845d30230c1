namespace Workflows.TestWorker;

/// <summary>The workflows and activities the test worker registers; the expected result is <see cref="Expected"/>.</summary>
public static class TestWorkflows
{
    public const string Compute = "Compute";
    public const string Square = "Square";
    public const string Add = "Add";
    public const string GoSignal = "go";

    private static int s_activityCount;

    public static int ActivityCount => Volatile.Read(ref s_activityCount);

    /// <summary>The value the test signals to workflow <paramref name="n"/>.</summary>
    public static string SignalValue(int n) => $"go-{n}";

    public static string Expected(int n) => $"{n}:{((long)n * n) + n}:{SignalValue(n)}";

    /// <summary>An activity, a durable timer, a signal and another activity: every kind of pending work.</summary>
    public static async Task<string> ComputeAsync(WorkflowContext ctx, int n)
    {
        long square = await ctx.ExecuteActivityAsync<long>(Square, null, n);
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(10));
        string go = await ctx.Signals<string>(GoSignal).ReceiveAsync();
        long sum = await ctx.ExecuteActivityAsync<long>(Add, null, square, n);
        return $"{n}:{sum}:{go}";
    }

    public static long SquareActivity(int n)
    {
        Interlocked.Increment(ref s_activityCount);
        return (long)n * n;
    }

    public static long AddActivity(long a, int b)
    {
        Interlocked.Increment(ref s_activityCount);
        return a + b;
    }
}
