namespace Workflows.TestWorker;

/// <summary>The workflows and activities the test worker registers; the expected result is <see cref="Expected"/>.</summary>
public static class TestWorkflows
{
    public const string Compute = "Compute";
    public const string Square = "Square";
    public const string Add = "Add";

    private static int s_activityCount;

    public static int ActivityCount => Volatile.Read(ref s_activityCount);

    public static string Expected(int n) => $"{n}:{((long)n * n) + n}";

    public static async Task<string> ComputeAsync(WorkflowContext ctx, int n)
    {
        long square = await ctx.ExecuteActivityAsync<long>(Square, null, n);
        long sum = await ctx.ExecuteActivityAsync<long>(Add, null, square, n);
        return $"{n}:{sum}";
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
