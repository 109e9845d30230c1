using Workflows.Client;
using Workflows.History;
using Workflows.Sqlite;
using Workflows.Worker;

namespace Workflows.Backends.Tests.Sqlite;

/// <summary>
/// A worker that keeps an instance's executor commits each activity result together with the workflow task it wakes:
/// one transaction per step, with the fallback to the two-step path when something else reached the instance.
/// </summary>
public sealed class SqliteFusedStepTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static WorkflowRegistry Chain(Func<int, Task>? beforeStep = null) => new WorkflowRegistry()
        .AddWorkflow("Chain", async (WorkflowContext ctx, int steps) =>
        {
            int value = 0;
            for (int i = 0; i < steps; i++)
            {
                value = await ctx.ExecuteActivityAsync<int>("Step", null, value);
            }

            return value;
        })
        .AddActivity("Step", async (int x) =>
        {
            if (beforeStep is not null)
            {
                await beforeStep(x);
            }

            return x + 1;
        });

    [Theory]
    [InlineData(true, 13)] // start, first claim, first task, then one transaction per step
    [InlineData(false, 23)] // start, first claim, first task, then a result and a workflow task per step
    public async Task Chain_CommitsOneTransactionPerStep_WhenTheExecutorIsKept(bool cache, long expectedCommits)
    {
        await using var backend = SqliteBackend.Open(_dir.File("chain.db"));
        var client = new WorkflowClient(backend);
        // One poller of each kind: two could both see the new instance and both run a claim transaction.
        await using var worker = new WorkflowWorker(backend, Chain(), new WorkflowWorkerOptions { EnableExecutorCache = cache, WorkflowPollers = 1, ActivityPollers = 1 });
        await worker.StartAsync();
        long before = ((IBackendCounters)backend).Commits;

        await client.StartWorkflowAsync("Chain", new WorkflowOptions { InstanceId = "chain" }, 10);
        Assert.Equal(10, await client.GetResultAsync<int>("chain", s_timeout));

        // Under a loaded machine one step now and then takes the documented two-transaction fallback (seen once in a
        // full CI-like run, 14 instead of 13); one extra transaction is allowed, which still tells the fused path
        // (13) from the unfused one (23).
        long commits = ((IBackendCounters)backend).Commits - before;
        Assert.InRange(commits, expectedCommits, expectedCommits + 1);
        var history = await backend.GetWorkflowInstanceHistoryAsync((await backend.GetWorkflowInstanceStateAsync("chain")).Instance);
        Assert.Equal(10, history.Count(e => e.Type == EventType.ActivityCompleted));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.SequenceId));
    }

    [Fact]
    public async Task SignalArrivingDuringAStep_IsRecordedBeforeTheResult_AndTheExecutorReplays()
    {
        await using var backend = SqliteBackend.Open(_dir.File("signal.db"));
        var client = new WorkflowClient(backend);
        var signalled = new TaskCompletionSource();
        var registry = new WorkflowRegistry()
            .AddWorkflow("Waits", async (WorkflowContext ctx) =>
            {
                int first = await ctx.ExecuteActivityAsync<int>("Step", null, 0);
                var channel = ctx.Signals<string>("go");
                string value = await channel.ReceiveAsync();
                int second = await ctx.ExecuteActivityAsync<int>("Step", null, first);
                return $"{value}:{second}";
            })
            .AddActivity("Step", async (int x) =>
            {
                if (x == 0)
                {
                    // The signal lands while this activity runs: its result must not overtake the signal.
                    await signalled.Task;
                }

                return x + 1;
            });
        await using var worker = new WorkflowWorker(backend, registry);
        await worker.StartAsync();

        await client.StartWorkflowAsync("Waits", new WorkflowOptions { InstanceId = "waits" });
        await client.SignalWorkflowAsync("waits", "go", "now");
        signalled.SetResult();

        Assert.Equal("now:2", await client.GetResultAsync<string>("waits", s_timeout));
        var history = await backend.GetWorkflowInstanceHistoryAsync((await backend.GetWorkflowInstanceStateAsync("waits")).Instance);
        var types = history.Select(e => e.Type).ToList();
        Assert.True(types.IndexOf(EventType.SignalReceived) < types.IndexOf(EventType.ActivityCompleted), string.Join(", ", types));
    }
}
