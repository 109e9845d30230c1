// Evaluation corpus: the same hazards reached through other call paths: constructors, property getters,
// extension methods, method groups, generic helpers, chains of helpers, and the known limits
// (interface dispatch, delegates kept in fields).

// @fragment P01 bad helper WF1001
public sealed class P01Receipt
{
    public DateTime IssuedAt { get; } = DateTime.UtcNow;
}

public static class P01
{
    [Workflow]
    public static Task<P01Receipt> Issue(WorkflowContext ctx) => Task.FromResult(new P01Receipt());
}

// @fragment P02 bad helper WF1002
public sealed class P02Order
{
    public P02Order() => Id = Guid.NewGuid();

    public Guid Id { get; }
}

public static class P02
{
    [Workflow]
    public static Task<Guid> Create(WorkflowContext ctx) => Task.FromResult(new P02Order().Id);
}

// @fragment P03 bad helper WF1017
public static class P03Extensions
{
    public static string Money(this decimal value) => value.ToString("N2");
}

public static class P03
{
    [Workflow]
    public static Task<string> Show(WorkflowContext ctx, decimal total) => Task.FromResult(total.Money());
}

// @fragment P04 bad helper WF1001
public static class P04
{
    [Workflow]
    public static async Task Fan(WorkflowContext ctx)
    {
        await ctx.Go(Worker);
    }

    private static Task Worker(WorkflowContext ctx) => ctx.ExecuteActivityAsync("Log", null, DateTime.UtcNow);
}

// @fragment P05 bad helper WF1018
public static class P05
{
    [Workflow]
    public static Task<int> Hour(WorkflowContext ctx) => Task.FromResult(A(ctx));

    private static int A(WorkflowContext ctx) => B(ctx) + 1;

    private static int B(WorkflowContext ctx) => C(ctx) * 2;

    private static int C(WorkflowContext ctx) => ctx.Now.ToLocalTime().Hour;
}

// @fragment P06 bad helper WF1019
public sealed class P06Key(string name)
{
    public int Bucket => name.GetHashCode() % 4;
}

public static class P06
{
    [Workflow]
    public static Task<int> Route(WorkflowContext ctx, string name) => Task.FromResult(new P06Key(name).Bucket);
}

// @fragment P07 bad helper WF1002
public static class P07
{
    [Workflow]
    public static Task<T> Pick<T>(WorkflowContext ctx, T[] items) => Task.FromResult(Choose(items));

    private static T Choose<T>(T[] items) => items[Random.Shared.Next(items.Length)];
}

// @fragment P08 bad helper WF1003
public sealed class P08
{
    private readonly P08Helper _helper = new();

    [Workflow]
    public async Task Run(WorkflowContext ctx)
    {
        await _helper.Wait();
        await ctx.ExecuteActivityAsync("Go", null);
    }
}

public sealed class P08Helper
{
    public Task Wait() => Task.Delay(100);
}

// @fragment P09 bad lambda WF1017
public static class P09
{
    [Workflow]
    public static async Task Each(WorkflowContext ctx, double[] amounts)
    {
        await ctx.Go(async c =>
        {
            foreach (var amount in amounts)
            {
                await c.ExecuteActivityAsync("Charge", null, amount.ToString("F2"));
            }
        });
    }
}

// @fragment P10 bad registered WF1011
public static class P10
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry)
    {
        registry.AddWorkflow("Import", Import);

        static Task<string> Import(WorkflowContext ctx) => Task.FromResult(System.IO.File.ReadAllText("input.csv"));
    }
}

// @fragment P11 bad helper WF1001
public interface IP11Clock
{
    DateTime Now();
}

public sealed class P11Clock : IP11Clock
{
    public DateTime Now() => DateTime.UtcNow;
}

public sealed class P11
{
    private readonly IP11Clock _clock = new P11Clock();

    [Workflow]
    public Task<DateTime> Run(WorkflowContext ctx) => Task.FromResult(_clock.Now());
}

// @fragment P12 bad helper WF1002
public static class P12
{
    private static readonly Func<Guid> NewId = Guid.NewGuid;

    [Workflow]
    public static Task<Guid> Run(WorkflowContext ctx) => Task.FromResult(NewId());
}

// @fragment P13 bad registered WF1017
public static class P13
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Total", (Func<WorkflowContext, decimal, Task<string>>)((ctx, total) => Task.FromResult($"{total:N2}")));
}

// @fragment P14 bad helper WF1013
public static class P14
{
    [Workflow]
    public static Task<string> Summary(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentDictionary<string, int> counts) =>
        Task.FromResult(Render(counts.Values));

    private static string Render(IEnumerable<int> values) => string.Join(",", values);
}

// @fragment G70 good helper
public sealed class G70Receipt(DateTimeOffset issuedAt)
{
    public DateTimeOffset IssuedAt { get; } = issuedAt;
}

public static class G70
{
    [Workflow]
    public static Task<G70Receipt> Issue(WorkflowContext ctx) => Task.FromResult(new G70Receipt(ctx.Now));
}

// @fragment G71 good helper
public static class G71Extensions
{
    public static string InvariantMoney(this decimal value) => value.ToString("N2", System.Globalization.CultureInfo.InvariantCulture);
}

public static class G71
{
    [Workflow]
    public static Task<string> Show(WorkflowContext ctx, decimal total) => Task.FromResult(total.InvariantMoney());
}

// @fragment G72 good helper
public static class G72
{
    [Workflow]
    public static async Task Fan(WorkflowContext ctx)
    {
        await ctx.Go(Worker);
    }

    private static Task Worker(WorkflowContext ctx) => ctx.ExecuteActivityAsync("Log", null, ctx.Now);
}

// @fragment G73 good helper
public static class G73
{
    [Workflow]
    public static Task<int> Hour(WorkflowContext ctx) => Task.FromResult(A(ctx));

    private static int A(WorkflowContext ctx) => B(ctx) + 1;

    private static int B(WorkflowContext ctx) => ctx.Now.UtcDateTime.Hour * 2;
}

// @fragment G74 good outside
public sealed class G74Unused
{
    public DateTime IssuedAt { get; } = DateTime.UtcNow;

    public Guid Id { get; } = Guid.NewGuid();
}

public static class G74
{
    [Workflow]
    public static Task<string> Run(WorkflowContext ctx) => Task.FromResult(nameof(G74Unused) + typeof(G74Unused).Name);
}

// @fragment G75 good helper
public static class G75
{
    [Workflow]
    public static Task<T> Pick<T>(WorkflowContext ctx, T[] items) => Task.FromResult(Choose(ctx, items));

    private static T Choose<T>(WorkflowContext ctx, T[] items) => items[ctx.Random.Next(items.Length)];
}

// @fragment G76 good registered
public static class G76
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry)
    {
        registry.AddWorkflow("Import", Import);

        static Task<string> Import(WorkflowContext ctx) => ctx.ExecuteActivityAsync<string>("Read", null, "input.csv");
    }
}

// @fragment G77 good helper
public static class G77
{
    [Workflow]
    public static Task<string> Summary(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentDictionary<string, int> counts) =>
        Task.FromResult(Render(counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)));

    private static string Render(IEnumerable<int> values) => string.Join(",", values);
}

// @fragment G78 good outside
public static class G78
{
    public static Task Run() => Task.Run(() => Console.WriteLine(DateTime.Now.ToString() + Guid.NewGuid()));

    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddActivity("Clock", () => DateTime.Now.ToString());
}

// @fragment G79 good lambda
public static class G79
{
    [Workflow]
    public static async Task Each(WorkflowContext ctx, double[] amounts)
    {
        await ctx.Go(async c =>
        {
            foreach (var amount in amounts)
            {
                await c.ExecuteActivityAsync("Charge", null, amount);
            }
        });
    }
}

// @fragment G80 good helper
public sealed class G80
{
    private readonly List<string> _log = new();

    [Workflow]
    public async Task Run(WorkflowContext ctx)
    {
        Note("start");
        await ctx.ExecuteActivityAsync("Go", null);
        Note("end");
    }

    private void Note(string text) => _log.Add(text);
}
