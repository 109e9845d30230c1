// Evaluation corpus: clock and random sources. Each fragment is compiled as its own file in one
// compilation; see tests/Workflows.Analyzers.Tests/CorpusTests.cs for the header format.

// @fragment T01 bad direct WF1001
public static class T01
{
    [Workflow]
    public static async Task Reminder(WorkflowContext ctx)
    {
        if (DateTime.Now.Hour > 17) await ctx.DelayAsync(TimeSpan.FromHours(12));
    }
}

// @fragment T02 bad helper WF1001
public static class T02
{
    [Workflow]
    public static Task<string> Stamp(WorkflowContext ctx) => ctx.ExecuteActivityAsync<string>("Save", null, Format());

    private static string Format() => DateTimeOffset.UtcNow.ToString("O");
}

// @fragment T03 bad lambda WF1001
public static class T03
{
    [Workflow]
    public static async Task<long> Measure(WorkflowContext ctx)
    {
        Func<long> elapsed = () => System.Diagnostics.Stopwatch.GetTimestamp();
        await ctx.ExecuteActivityAsync("Work", null);
        return elapsed();
    }
}

// @fragment T04 bad local WF1001
public static class T04
{
    [Workflow]
    public static Task<long> Ticks(WorkflowContext ctx)
    {
        return Task.FromResult(Read());

        static long Read() => Environment.TickCount64;
    }
}

// @fragment T05 bad registered WF1001
public static class T05
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Daily", async (WorkflowContext ctx) =>
        {
            var today = DateTime.Today;
            await ctx.ExecuteActivityAsync("Report", null, today);
        });
}

// @fragment T06 bad helper WF1001
public sealed class T06
{
    private readonly TimeProvider _time = TimeProvider.System;

    private DateTimeOffset Current => _time.GetUtcNow();

    [Workflow]
    public async Task Run(WorkflowContext ctx) => await ctx.DelayUntilAsync(Current.AddDays(1));
}

// @fragment T07 bad registered WF1001
public static class T07
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) => registry.AddWorkflow("Poll", Poll);

    private static async Task Poll(WorkflowContext ctx)
    {
        var deadline = DateTimeOffset.Now.AddMinutes(5);
        await ctx.DelayUntilAsync(deadline);
    }
}

// @fragment R01 bad direct WF1002
public static class R01
{
    [Workflow]
    public static Task Create(WorkflowContext ctx) => ctx.ExecuteActivityAsync("Insert", null, Guid.NewGuid());
}

// @fragment R02 bad helper WF1002
public static class R02
{
    [Workflow]
    public static async Task Retry(WorkflowContext ctx)
    {
        await ctx.DelayAsync(Jitter());
    }

    private static TimeSpan Jitter() => TimeSpan.FromMilliseconds(new Random().Next(500));
}

// @fragment R03 bad lambda WF1002
public static class R03
{
    [Workflow]
    public static Task<int[]> Pick(WorkflowContext ctx, int[] items)
    {
        var picked = items.Select(i => i * Random.Shared.Next(3)).ToArray();
        return Task.FromResult(picked);
    }
}

// @fragment R04 bad local WF1002
public static class R04
{
    [Workflow]
    public static Task<int> Token(WorkflowContext ctx)
    {
        int Draw() => System.Security.Cryptography.RandomNumberGenerator.GetInt32(1000);
        return Task.FromResult(Draw());
    }
}

// @fragment R05 bad direct WF1002
public static class R05
{
    [Workflow]
    public static Task<Guid> Order(WorkflowContext ctx) => Task.FromResult(Guid.CreateVersion7(ctx.Now));
}

// @fragment R06 bad helper WF1002
public static class R06
{
    [Workflow]
    public static Task Export(WorkflowContext ctx) => ctx.ExecuteActivityAsync("Upload", null, TargetName());

    private static string TargetName() => "export-" + System.IO.Path.GetRandomFileName();
}

// @fragment R07 bad registered WF1002
public static class R07
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Secret", (WorkflowContext ctx) =>
            ctx.ExecuteActivityAsync("Store", null, System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
}

// @fragment R08 bad direct WF1002
public static class R08
{
    [Workflow]
    public static Task<string[]> Shuffle(WorkflowContext ctx, string[] names)
    {
        Random.Shared.Shuffle(names);
        return Task.FromResult(names);
    }
}

// @fragment R09 bad helper WF1002
public static class R09
{
    private static readonly Random Dice = new(7);

    [Workflow]
    public static Task<int> Roll(WorkflowContext ctx) => Task.FromResult(Next());

    private static int Next() => Dice.Next(6);
}

// @fragment R10 bad direct WF1002
public static class R10
{
    [Workflow]
    public static Task<string> Code(WorkflowContext ctx) =>
        Task.FromResult(System.Security.Cryptography.RandomNumberGenerator.GetHexString(12));
}

// @fragment G01 good direct
public static class G01
{
    [Workflow]
    public static async Task<DateTimeOffset> Reminder(WorkflowContext ctx)
    {
        var due = ctx.Now.AddHours(1);
        await ctx.DelayUntilAsync(due);
        return ctx.Now;
    }
}

// @fragment G02 good sideeffect
public static class G02
{
    [Workflow]
    public static async Task<DateTime> Stamp(WorkflowContext ctx) => await ctx.SideEffectAsync(() => DateTime.UtcNow);
}

// @fragment G03 good activity
public static class G03
{
    [Workflow]
    public static Task<Guid> Create(WorkflowContext ctx) => ctx.ExecuteActivityAsync<Guid>("NewId", null);

    [Activity]
    public static Guid NewId() => Guid.NewGuid();
}

// @fragment G04 good direct
public static class G04
{
    [Workflow]
    public static Task<int> Roll(WorkflowContext ctx)
    {
        var seeded = new Random(42);
        return Task.FromResult(seeded.Next(6) + ctx.Random.Next(6));
    }
}

// @fragment G05 good outside
public static class G05
{
    public static string Stamp() => DateTime.UtcNow.ToString("O") + Guid.NewGuid();

    [Workflow]
    public static Task<string> Run(WorkflowContext ctx) => Task.FromResult(ctx.NewGuid().ToString("N"));
}

// @fragment G06 good nameof
public static class G06
{
    private static DateTime Clock() => DateTime.Now;

    [Workflow]
    public static Task<string> Describe(WorkflowContext ctx) => Task.FromResult(nameof(Clock) + nameof(DateTime.Now));
}

// @fragment G07 good attribute
[AttributeUsage(AttributeTargets.Method)]
public sealed class G07Source(string member) : Attribute
{
    public string Member { get; } = member;
}

public static class G07
{
    public static Guid Make() => Guid.NewGuid();

    [Workflow]
    [G07Source(nameof(Make))]
    public static Task<Type> Run(WorkflowContext ctx) => Task.FromResult(typeof(G07));
}

// @fragment G08 good cref
public static class G08
{
    public static DateTime Wall() => DateTime.UtcNow;

    /// <summary>The replay-safe counterpart of <see cref="Wall"/>.</summary>
    [Workflow]
    public static Task<DateTimeOffset> Now(WorkflowContext ctx) => Task.FromResult(ctx.Now);
}

// @fragment G09 good registered
public static class G09
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) => registry
        .AddActivity("Id", () => Guid.NewGuid())
        .AddWorkflow("Clean", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<Guid>("Id", null));
}

// @fragment G10 good lambda
public static class G10
{
    public static Func<DateTime> Clock { get; } = () => DateTime.UtcNow;

    [Workflow]
    public static Task<int> Run(WorkflowContext ctx) => Task.FromResult(ctx.Random.Next(10));
}

// @fragment G11 good outside
public static class G11
{
    public static async Task Background()
    {
        await Task.Delay(100);
        var r = new Random().Next();
        Console.WriteLine(r);
    }
}

// @fragment G12 good local
public static class G12
{
    [Workflow]
    public static async Task<Guid[]> Ids(WorkflowContext ctx)
    {
        Guid Next() => ctx.NewGuid();
        await ctx.DelayAsync(TimeSpan.FromSeconds(1));
        return [Next(), Next()];
    }
}

// @fragment G13 good direct
public static class G13
{
    [Workflow]
    public static Task<TimeSpan> Age(WorkflowContext ctx, DateTimeOffset created) => Task.FromResult(ctx.Now - created);
}

// @fragment G14 good activity
public static class G14
{
    [Workflow]
    public static Task<string> Upload(WorkflowContext ctx) => ctx.ExecuteActivityAsync<string>("TempName", null);

    [Activity]
    public static string TempName() => System.IO.Path.GetRandomFileName() + System.Security.Cryptography.RandomNumberGenerator.GetHexString(4);
}
