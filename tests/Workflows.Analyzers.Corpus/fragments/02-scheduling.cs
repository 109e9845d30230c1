// Evaluation corpus: waits, threads, blocking, async void, foreign awaits and locks.

// @fragment W01 bad direct WF1003
public static class W01
{
    [Workflow]
    public static async Task Backoff(WorkflowContext ctx)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        await ctx.ExecuteActivityAsync("Retry", null);
    }
}

// @fragment W02 bad helper WF1003
public static class W02
{
    [Workflow]
    public static Task Pause(WorkflowContext ctx)
    {
        Nap();
        return Task.CompletedTask;
    }

    private static void Nap() => Thread.Sleep(1000);
}

// @fragment W03 bad direct WF1003
public static class W03
{
    [Workflow]
    public static async Task Timeout(WorkflowContext ctx)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await ctx.ExecuteActivityAsync("Slow", null, cts.Token.CanBeCanceled);
    }
}

// @fragment W04 bad lambda WF1003
public static class W04
{
    [Workflow]
    public static async Task Fan(WorkflowContext ctx)
    {
        await ctx.Go(async c => await Task.Delay(10));
    }
}

// @fragment S01 bad direct WF1004
public static class S01
{
    [Workflow]
    public static async Task<int> Compute(WorkflowContext ctx) => await Task.Run(() => 6 * 7);
}

// @fragment S02 bad helper WF1004
public static class S02
{
    [Workflow]
    public static Task<int> Sum(WorkflowContext ctx, int[] values) => Task.FromResult(Total(values));

    private static int Total(int[] values)
    {
        var total = 0;
        Parallel.ForEach(values, v => Interlocked.Add(ref total, v));
        return total;
    }
}

// @fragment S03 bad direct WF1004
public static class S03
{
    [Workflow]
    public static Task<int[]> Squares(WorkflowContext ctx, int[] values) =>
        Task.FromResult(values.AsParallel().Select(v => v * v).ToArray());
}

// @fragment S04 bad registered WF1004
public static class S04
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) =>
        registry.AddWorkflow("Queue", (WorkflowContext ctx) =>
        {
            ThreadPool.QueueUserWorkItem(_ => { });
            return Task.CompletedTask;
        });
}

// @fragment C01 bad direct WF1005
public static class C01
{
    [Workflow]
    public static async Task<int> Price(WorkflowContext ctx) =>
        await ctx.ExecuteActivityAsync<int>("Price", null).ConfigureAwait(false);
}

// @fragment C02 bad helper WF1005
public static class C02
{
    [Workflow]
    public static Task<int> Price(WorkflowContext ctx) => Fetch(ctx);

    private static async Task<int> Fetch(WorkflowContext ctx)
    {
        var value = await ctx.ExecuteActivityAsync<int>("Price", null).ConfigureAwait(false);
        return value + 1;
    }
}

// @fragment B01 bad direct WF1006
public static class B01
{
    [Workflow]
    public static Task<int> Price(WorkflowContext ctx)
    {
        var value = ctx.ExecuteActivityAsync<int>("Price", null).Result;
        return Task.FromResult(value);
    }
}

// @fragment B02 bad helper WF1006
public static class B02
{
    [Workflow]
    public static Task Ship(WorkflowContext ctx)
    {
        Send(ctx);
        return Task.CompletedTask;
    }

    private static void Send(WorkflowContext ctx) => ctx.ExecuteActivityAsync("Ship", null).Wait();
}

// @fragment B03 bad local WF1006
public static class B03
{
    [Workflow]
    public static Task<int> Price(WorkflowContext ctx)
    {
        int Get() => ctx.ExecuteActivityAsync<int>("Price", null).GetAwaiter().GetResult();
        return Task.FromResult(Get());
    }
}

// @fragment V01 bad direct WF1007
public static class V01
{
    [Workflow]
    public static Task Notify(WorkflowContext ctx)
    {
        Fire(ctx);
        return Task.CompletedTask;
    }

    private static async void Fire(WorkflowContext ctx) => await ctx.ExecuteActivityAsync("Notify", null);
}

// @fragment V02 bad lambda WF1007
public static class V02
{
    [Workflow]
    public static Task Notify(WorkflowContext ctx)
    {
        Action fire = async () => await ctx.ExecuteActivityAsync("Notify", null);
        fire();
        return Task.CompletedTask;
    }
}

// @fragment A01 bad direct WF1008
public static class A01
{
    [Workflow]
    public static async Task<string> Read(WorkflowContext ctx, string text)
    {
        using var reader = new System.IO.StringReader(text);
        return await reader.ReadToEndAsync();
    }
}

// @fragment L01 bad direct WF1009
public static class L01
{
    private static readonly object Gate = new();

    [Workflow]
    public static Task Update(WorkflowContext ctx, List<string> items)
    {
        lock (Gate)
        {
            items.Add("x");
        }

        return Task.CompletedTask;
    }
}

// @fragment L02 bad helper WF1009
public sealed class L02
{
    private readonly SemaphoreSlim _gate = new(1);

    [Workflow]
    public async Task Update(WorkflowContext ctx)
    {
        await Enter();
        await ctx.ExecuteActivityAsync("Work", null);
    }

    private Task Enter() => _gate.WaitAsync();
}

// @fragment G20 good direct
public static class G20
{
    [Workflow]
    public static async Task<int> Fan(WorkflowContext ctx)
    {
        var a = ctx.ExecuteActivityAsync<int>("A", null);
        var b = ctx.ExecuteActivityAsync<int>("B", null);
        var all = await ctx.WhenAll(a, b);
        return all.Sum();
    }
}

// @fragment G21 good direct
public static class G21
{
    [Workflow]
    public static async Task Pipeline(WorkflowContext ctx)
    {
        var channel = ctx.NewChannel<int>();
        var producer = ctx.Go(async c => await channel.SendAsync(1));
        var value = await channel.ReceiveAsync();
        await producer;
        await ctx.ExecuteActivityAsync("Use", null, value);
    }
}

// @fragment G22 good direct
public static class G22
{
    [Workflow]
    public static async Task<int> Drain(WorkflowContext ctx)
    {
        var pending = Enumerable.Range(0, 3).Select(i => ctx.ExecuteActivityAsync<int>("Id", null, i)).ToList();
        var sum = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            sum += await pending[i];
        }

        return sum;
    }
}

// @fragment G23 good activity
public static class G23
{
    [Workflow]
    public static Task<int> Compute(WorkflowContext ctx) => ctx.ExecuteActivityAsync<int>("Heavy", null);

    [Activity]
    public static async Task<int> Heavy()
    {
        await Task.Delay(10).ConfigureAwait(false);
        return await Task.Run(() => 42).ConfigureAwait(false);
    }
}

// @fragment G24 good direct
public static class G24
{
    [Workflow]
    public static async Task Timeout(WorkflowContext ctx)
    {
        var work = ctx.ExecuteActivityAsync<int>("Slow", null);
        var fallback = ctx.ExecuteActivityAsync<int>("Fallback", null);
        var first = await ctx.WhenAny(work, fallback);
        await ctx.ExecuteActivityAsync("Use", null, await first);
    }
}

// @fragment G25 good direct
public static class G25
{
    [Workflow]
    public static async Task<int> Sequential(WorkflowContext ctx)
    {
        var total = 0;
        foreach (var sku in new[] { "a", "b" })
        {
            total += await ctx.ExecuteActivityAsync<int>("Price", null, sku);
        }

        return total;
    }
}

// @fragment G26 good local
public static class G26
{
    [Workflow]
    public static async Task Steps(WorkflowContext ctx)
    {
        async Task Step(string name) => await ctx.ExecuteActivityAsync(name, null);
        await Step("one");
        await Step("two");
    }
}

// @fragment G27 good outside
public sealed class G27
{
    private readonly object _gate = new();
    private int _count;

    public void Increment()
    {
        lock (_gate)
        {
            _count++;
        }
    }

    public int Count => _count;
}

// @fragment G28 good registered
public static class G28
{
    public static void Register(Workflows.Worker.WorkflowRegistry registry) => registry
        .AddActivity("Slow", async () => { await Task.Delay(5).ConfigureAwait(false); return 1; })
        .AddWorkflow("Calls", async (WorkflowContext ctx) => await ctx.ExecuteActivityAsync<int>("Slow", null));
}
