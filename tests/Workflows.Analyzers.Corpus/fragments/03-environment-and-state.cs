// Evaluation corpus: environment, I/O, unordered collections, static state, logging and endless loops.

// @fragment E01 bad direct WF1010
public static class E01
{
    [Workflow]
    public static Task Route(WorkflowContext ctx) =>
        ctx.ExecuteActivityAsync("Route", null, Environment.GetEnvironmentVariable("REGION"));
}

// @fragment E02 bad helper WF1010
public static class E02
{
    [Workflow]
    public static Task<string> Owner(WorkflowContext ctx) => Task.FromResult(Host());

    private static string Host() => Environment.MachineName;
}

// @fragment E03 bad lambda WF1010
public static class E03
{
    [Workflow]
    public static Task<int> Batches(WorkflowContext ctx, int[] items)
    {
        Func<int> size = () => Math.Max(1, items.Length / Environment.ProcessorCount);
        return Task.FromResult(size());
    }
}

// @fragment I01 bad direct WF1011
public static class I01
{
    [Workflow]
    public static Task<string> Load(WorkflowContext ctx, string path) => Task.FromResult(System.IO.File.ReadAllText(path));
}

// @fragment I02 bad helper WF1011
public static class I02
{
    private static readonly System.Net.Http.HttpClient Http = new();

    [Workflow]
    public static async Task<string> Fetch(WorkflowContext ctx, string url) => await Get(url);

    private static Task<string> Get(string url) => Http.GetStringAsync(url);
}

// @fragment I03 bad registered WF1011
public static class I03
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Shell", (WorkflowContext ctx) =>
        {
            System.Diagnostics.Process.Start("echo", "hi");
            return Task.CompletedTask;
        });
}

// @fragment I04 bad local WF1011
public static class I04
{
    [Workflow]
    public static Task<bool> Exists(WorkflowContext ctx, string path)
    {
        bool Check() => System.IO.Directory.Exists(path);
        return Task.FromResult(Check());
    }
}

// @fragment U01 bad direct WF1012
public static class U01
{
    [Workflow]
    public static async Task Notify(WorkflowContext ctx, Dictionary<string, string> emails)
    {
        foreach (var pair in emails)
        {
            await ctx.ExecuteActivityAsync("Send", null, pair.Value);
        }
    }
}

// @fragment U02 bad helper WF1012
public static class U02
{
    [Workflow]
    public static Task<string> First(WorkflowContext ctx, HashSet<string> tags) => Task.FromResult(Pick(tags));

    private static string Pick(HashSet<string> tags) => tags.First();
}

// @fragment U03 bad direct WF1013
public static class U03
{
    [Workflow]
    public static async Task Flush(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentDictionary<string, int> counts)
    {
        foreach (var key in counts.Keys)
        {
            await ctx.ExecuteActivityAsync("Flush", null, key);
        }
    }
}

// @fragment U04 bad direct WF1013
public static class U04
{
    [Workflow]
    public static Task Report(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentBag<string> errors) =>
        ctx.ExecuteActivityAsync("Report", null, string.Join("; ", errors));
}

// @fragment U05 bad helper WF1013
public static class U05
{
    [Workflow]
    public static Task<List<string>> Snapshot(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentDictionary<string, int> seen) =>
        Task.FromResult(Copy(seen));

    private static List<string> Copy(System.Collections.Concurrent.ConcurrentDictionary<string, int> seen) => new(seen.Keys);
}

// @fragment U06 bad direct WF1013
public static class U06
{
    [Workflow]
    public static Task<string[]> Snapshot(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentBag<string> bag)
    {
        string[] items = [.. bag];
        return Task.FromResult(items);
    }
}

// @fragment U07 bad lambda WF1013
public static class U07
{
    [Workflow]
    public static Task<List<string>> Merge(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentBag<string> bag)
    {
        var all = new List<string>();
        Action add = () => all.AddRange(bag);
        add();
        return Task.FromResult(all);
    }
}

// @fragment U08 bad direct WF1013
public static class U08
{
    [Workflow]
    public static async Task Notify(WorkflowContext ctx, System.Collections.Immutable.ImmutableHashSet<string> users)
    {
        foreach (var user in users)
        {
            await ctx.ExecuteActivityAsync("Notify", null, user);
        }
    }
}

// @fragment M01 bad direct WF1014
public static class M01
{
    private static int s_runs;

    [Workflow]
    public static Task<int> Count(WorkflowContext ctx) => Task.FromResult(++s_runs);
}

// @fragment M02 bad helper WF1014
public static class M02
{
    private static List<string> s_seen = new();

    [Workflow]
    public static Task Track(WorkflowContext ctx, string id)
    {
        Remember(id);
        return Task.CompletedTask;
    }

    private static void Remember(string id) => s_seen = [.. s_seen, id];
}

// @fragment O01 bad direct WF1015
public static class O01
{
    [Workflow]
    public static async Task Ship(WorkflowContext ctx, string order)
    {
        Console.WriteLine("shipping " + order);
        await ctx.ExecuteActivityAsync("Ship", null, order);
    }
}

// @fragment O02 bad helper WF1015
public sealed class O02(ILogger<O02> logger)
{
    [Workflow]
    public async Task Ship(WorkflowContext ctx, string order)
    {
        Log(order);
        await ctx.ExecuteActivityAsync("Ship", null, order);
    }

    private void Log(string order) => logger.LogInformation("shipping {Order}", order);
}

// @fragment N01 bad direct WF1016
public static class N01
{
    [Workflow]
    public static async Task Poll(WorkflowContext ctx)
    {
        while (true)
        {
            await ctx.ExecuteActivityAsync("Poll", null);
            await ctx.DelayAsync(TimeSpan.FromMinutes(1));
        }
    }
}

// @fragment G30 good direct
public static class G30
{
    [Workflow]
    public static Task Route(WorkflowContext ctx, string region) => ctx.ExecuteActivityAsync("Route", null, region);
}

// @fragment G31 good activity
public static class G31
{
    [Workflow]
    public static Task<string> Load(WorkflowContext ctx, string path) => ctx.ExecuteActivityAsync<string>("Read", null, path);

    [Activity]
    public static Task<string> Read(string path) => System.IO.File.ReadAllTextAsync(path);
}

// @fragment G32 good direct
public static class G32
{
    [Workflow]
    public static async Task Notify(WorkflowContext ctx, Dictionary<string, string> emails)
    {
        foreach (var pair in emails.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await ctx.ExecuteActivityAsync("Send", null, pair.Value);
        }
    }
}

// @fragment G33 good direct
public static class G33
{
    [Workflow]
    public static Task<int> Stats(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentDictionary<string, int> counts) =>
        Task.FromResult(counts.Count + counts.Values.Sum() + (counts.TryGetValue("a", out var a) ? a : 0));
}

// @fragment G34 good direct
public static class G34
{
    [Workflow]
    public static Task<string> Report(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentBag<string> errors)
    {
        var sorted = new SortedSet<string>(errors, StringComparer.Ordinal);
        return Task.FromResult(string.Join("; ", sorted));
    }
}

// @fragment G35 good direct
public static class G35
{
    [Workflow]
    public static Task<int> Merge(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentBag<string> bag, HashSet<string> known)
    {
        var all = new HashSet<string>(bag);
        all.UnionWith(known);
        return Task.FromResult(all.Count);
    }
}

// @fragment G36 good direct
public static class G36
{
    [Workflow]
    public static Task<string> Trail(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentQueue<string> steps) =>
        Task.FromResult(string.Join(" > ", steps));
}

// @fragment G37 good direct
public static class G37
{
    [Workflow]
    public static Task<string> Keys(WorkflowContext ctx, System.Collections.Concurrent.ConcurrentDictionary<string, int> counts) =>
        Task.FromResult(string.Join(",", counts.Keys.Order(StringComparer.Ordinal)));
}

// @fragment G38 good direct
public static class G38
{
    private static readonly string Prefix = "order-";
    private const int Limit = 10;

    [Workflow]
    public static Task<string> Name(WorkflowContext ctx, string id) => Task.FromResult(Prefix + id + Limit);
}

// @fragment G39 good direct
public static class G39
{
    [Workflow]
    public static async Task Ship(WorkflowContext ctx, string order)
    {
        ctx.Logger.LogInformation("shipping {Order}", order);
        await ctx.ExecuteActivityAsync("Ship", null, order);
    }
}

// @fragment G40 good direct
public static class G40
{
    [Workflow]
    public static async Task Poll(WorkflowContext ctx, int round)
    {
        for (var i = 0; i < 100; i++)
        {
            await ctx.ExecuteActivityAsync("Poll", null);
        }

        await ctx.ContinueAsNew(round + 1);
    }
}

// @fragment G41 good direct
public static class G41
{
    [Workflow]
    public static Task<string> Join(WorkflowContext ctx, List<string> items, Dictionary<string, int> prices) =>
        Task.FromResult(string.Join(",", items) + prices["a"] + new List<string>(items).Count);
}

// @fragment G42 good outside
public static class G42
{
    private static int s_hits;

    public static void Hit() => s_hits++;

    public static string Env() => Environment.GetEnvironmentVariable("HOME") + s_hits;
}

// @fragment G43 good direct
public static class G43
{
    [Workflow]
    public static async Task Drain(WorkflowContext ctx, Queue<string> work)
    {
        while (work.Count > 0)
        {
            await ctx.ExecuteActivityAsync("Do", null, work.Dequeue());
        }
    }
}

// @fragment G44 good direct
public static class G44
{
    [Workflow]
    public static Task<int> Distinct(WorkflowContext ctx, Dictionary<string, int> seen) =>
        Task.FromResult(seen.Keys.Count(k => k.Length > 2) + (seen.Values.Any(v => v > 3) ? 1 : 0));
}
