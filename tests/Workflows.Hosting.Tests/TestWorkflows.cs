using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Workflows;

namespace Workflows.Hosting.Tests;

public static class TestWorkflows
{
    [Workflow]
    public static async Task<int> CountThrice(WorkflowContext ctx, string probe)
    {
        int sum = 0;
        for (int i = 0; i < 3; i++)
        {
            sum += await ctx.Activities.UseProbeAsync(probe);
        }

        return sum;
    }

    [Workflow]
    public static async Task<int> LogAndCount(WorkflowContext ctx, string probe)
    {
        ctx.Logger.LogInformation("Counting for {Probe}", probe);
        return await ctx.Activities.UseProbeAsync(probe);
    }

    [Workflow]
    public static async Task<string> WhereAmI(WorkflowContext ctx)
        => await ctx.Activities.QueueOfActivityAsync();

    [Workflow]
    public static async Task BlockUntilStopped(WorkflowContext ctx, string probe)
        => await ctx.Activities.BlockAsync(probe);
}

/// <summary>A scoped dependency that records its creation and asynchronous disposal per test probe.</summary>
public sealed class ScopedProbe : IAsyncDisposable, IDisposable
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Events = new();

    public Guid Id { get; } = Guid.NewGuid();

    public string? Probe { get; set; }

    public ValueTask DisposeAsync()
    {
        Record("disposed-async");
        return ValueTask.CompletedTask;
    }

    public void Dispose() => Record("disposed-sync");

    public void Record(string what) => Events.GetOrAdd(Probe ?? "", _ => new()).Enqueue($"{what}:{Id}");
}

public sealed class ProbeActivities(ScopedProbe scoped)
{
    public static readonly ConcurrentDictionary<string, TaskCompletionSource> Blocked = new();

    [Activity]
    public int UseProbe(string probe)
    {
        scoped.Probe = probe;
        scoped.Record("used");
        return 1;
    }

    [Activity]
    public string QueueOfActivity() => ActivityContext.Current!.Queue;

    [Activity]
    public async Task Block(string probe, CancellationToken cancellationToken)
    {
        Blocked.GetOrAdd(probe, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
