using Workflows.Backends;
using Workflows.Interceptors;
using Workflows.Worker;

namespace Workflows.Testing.Tests;

/// <summary>
/// A history recorded by workers with an interceptor that changes calls replays with that interceptor, and is
/// reported as non-deterministic without it, as a worker without it would find it.
/// </summary>
public sealed class InterceptorReplayTests
{
    private static async Task<string> Ship(WorkflowContext ctx, string order)
        => await ctx.ExecuteActivityAsync<string>("Label", null, order) + "|" + await ctx.ExecuteActivityAsync<string>("Label", null, order + "-b");

    private static WorkflowRegistry Registry() => new WorkflowRegistry().AddWorkflow("Ship", Ship).AddActivity("Label", (string order) => "label:" + order);

    [Fact]
    public async Task Tester_WithInterceptor_RunsItOnCallsTasksAndActivities()
    {
        var stamp = new TenantStamp("acme");
        await using var tester = new WorkflowTester(Registry(), new WorkflowTesterOptions { Interceptors = [stamp] });

        Assert.Equal("label:acme/o-1|label:acme/o-1-b", await tester.ExecuteAsync<string>("Ship", "o-1"));
        Assert.True(stamp.Tasks > 0);
        Assert.Equal(2, stamp.Attempts);
    }

    [Fact]
    public async Task Replayer_HistoryRecordedWithInterceptor_ReplaysCleanWithItAndMismatchesWithout()
    {
        string json;
        await using (var tester = new WorkflowTester(Registry(), new WorkflowTesterOptions { Interceptors = [new TenantStamp("acme")] }))
        {
            await tester.ExecuteAsync<string>("Ship", "o-1");
            json = await tester.ExportHistoryAsync();
        }

        var with = new WorkflowReplayer(Registry(), new WorkflowReplayerOptions { Interceptors = [new TenantStamp("acme")] }).ReplayJson(json, "recorded");
        var without = new WorkflowReplayer(Registry()).ReplayJson(json, "recorded");
        var otherTenant = new WorkflowReplayer(Registry(), new WorkflowReplayerOptions { Interceptors = [new TenantStamp("other")] }).ReplayJson(json, "recorded");

        Assert.True(with.IsSuccess, with.ToString());
        Assert.True(without.IsNonDeterminism, without.ToString());
        Assert.Contains("Label", without.Recorded);
        Assert.True(otherTenant.IsNonDeterminism, otherTenant.ToString());
    }

    // Stamps the tenant onto the first argument of every activity call, like a header carried in the payload.
    private sealed class TenantStamp(string tenant) : IWorkflowWorkerInterceptor
    {
        private int _tasks;
        private int _attempts;

        public int Tasks => Volatile.Read(ref _tasks);

        public int Attempts => Volatile.Read(ref _attempts);

        public WorkflowTaskCompletion ExecuteWorkflowTask(WorkflowTask task, Func<WorkflowTask, WorkflowTaskCompletion> next)
        {
            Interlocked.Increment(ref _tasks);
            return next(task);
        }

        public Task<object?> ExecuteActivityAsync(ActivityContext context, Func<Task<object?>> next)
        {
            Interlocked.Increment(ref _attempts);
            return next();
        }

        // Workflow code: deterministic, no ConfigureAwait(false).
        public Task<object?> CallActivityAsync(ActivityCallInput input, Func<ActivityCallInput, Task<object?>> next)
            => next(input with { Arguments = [tenant + "/" + (string)input.Arguments[0]!] });
    }
}
