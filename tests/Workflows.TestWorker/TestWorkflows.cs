namespace Workflows.TestWorker;

/// <summary>The workflows and activities the test worker registers; the expected result is <see cref="Expected"/>.</summary>
public static class TestWorkflows
{
    public const string Compute = "Compute";
    public const string Square = "Square";
    public const string Add = "Add";
    public const string GoSignal = "go";

    /// <summary>A workflow that is an activity chain, a fan-out, a timer or a signal wait, by <c>n % 4</c>.</summary>
    public const string Mixed = "Mixed";

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

    /// <summary>Where activities record each execution, if set (<c>--journal</c>).</summary>
    public static string? JournalPath { get; set; }

    private static void Record()
    {
        if (JournalPath is { } path && ActivityContext.Current is { } context)
        {
            lock (s_journalLock)
            {
                File.AppendAllText(path, context.IdempotencyKey + "\n");
            }
        }
    }

    public static long SquareActivity(int n)
    {
        Interlocked.Increment(ref s_activityCount);
        Record();
        return (long)n * n;
    }

    public static long AddActivity(long a, int b)
    {
        Interlocked.Increment(ref s_activityCount);
        Record();
        return a + b;
    }

    public const string Blocking = "Blocking";
    public const string Block = "Block";
    private static readonly Lock s_journalLock = new();

    /// <summary>
    /// Fans out <paramref name="count"/> <see cref="Block"/> activities, each of which holds its thread until the gate
    /// file exists: a workload that takes every thread-pool thread.
    /// </summary>
    public static async Task<int> BlockingAsync(WorkflowContext ctx, string journal, string gate, int count)
    {
        var calls = new List<Task<int>>();
        for (int i = 0; i < count; i++)
        {
            calls.Add(ctx.ExecuteActivityAsync<int>(Block, null, journal, gate, i));
        }

        return (await ctx.WhenAll([.. calls])).Sum();
    }

    /// <summary>Writes a journal line per execution, then blocks its thread (a synchronous driver call, say).</summary>
    public static int BlockActivity(string journal, string gate, int i)
    {
        Interlocked.Increment(ref s_activityCount);
        var context = ActivityContext.Current!;
        lock (s_journalLock)
        {
            File.AppendAllText(journal, $"{context.Instance.InstanceId}/{i}\n");
        }

        while (!File.Exists(gate))
        {
            Thread.Sleep(10);
        }

        return i;
    }

    /// <summary>What <see cref="MixedAsync"/> does for input <paramref name="n"/>.</summary>
    public static MixedKind KindOf(int n) => (MixedKind)(n % 4);

    /// <summary>The value the test signals (<see cref="GoSignal"/>) to a <see cref="MixedKind.Signal"/> workflow.</summary>
    public static int MixedSignalValue(int n) => 2 * n;

    /// <summary>The activities a <see cref="MixedAsync"/> run schedules for input <paramref name="n"/>.</summary>
    public static int MixedActivities(int n) => KindOf(n) switch
    {
        MixedKind.Chain => 2,
        MixedKind.FanOut => 3,
        _ => 1,
    };

    public static string ExpectedMixed(int n) => KindOf(n) switch
    {
        MixedKind.Chain => $"{n}:{((long)n * n) + n}",
        MixedKind.FanOut => $"{n}:{((long)n * n) + ((long)(n + 1) * (n + 1)) + ((long)(n + 2) * (n + 2))}",
        MixedKind.Timer => $"{n}:{(long)n * n}",
        _ => $"{n}:{MixedSignalValue(n) + n}",
    };

    public static async Task<string> MixedAsync(WorkflowContext ctx, int n)
    {
        switch (KindOf(n))
        {
            case MixedKind.Chain:
                long square = await ctx.ExecuteActivityAsync<long>(Square, null, n);
                return $"{n}:{await ctx.ExecuteActivityAsync<long>(Add, null, square, n)}";
            case MixedKind.FanOut:
                long[] squares = await ctx.WhenAll(
                    ctx.ExecuteActivityAsync<long>(Square, null, n),
                    ctx.ExecuteActivityAsync<long>(Square, null, n + 1),
                    ctx.ExecuteActivityAsync<long>(Square, null, n + 2));
                return $"{n}:{squares.Sum()}";
            case MixedKind.Timer:
                await ctx.DelayAsync(TimeSpan.FromSeconds(1));
                return $"{n}:{await ctx.ExecuteActivityAsync<long>(Square, null, n)}";
            default:
                int value = await ctx.Signals<int>(GoSignal).ReceiveAsync();
                return $"{n}:{await ctx.ExecuteActivityAsync<long>(Add, null, (long)value, n)}";
        }
    }
}

public enum MixedKind
{
    Chain,
    FanOut,
    Timer,
    Signal,
}
