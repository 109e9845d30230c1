using System.Collections.Concurrent;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

/// <summary>
/// A saturated worker finishes the chains it started: a fused step hands its activity slot on to the next activity of
/// the same instance, up to <see cref="WorkflowWorker.MaxSlotHandOvers"/> times in a row, before queued work runs.
/// </summary>
public sealed class ActivitySlotHandOverTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SaturatedWorker_ChainKeepsItsSlot_AndFinishesBeforeAQueuedInstanceStarts()
    {
        await using var chains = await Chains.StartAsync();

        var order = await chains.RunAsync(firstSteps: 3, secondSteps: 3);

        // Before the hand-over each of X's next activities queued behind Y's: X1 Y1 X2 Y2 X3 Y3.
        Assert.Equal(["X1", "X2", "X3", "Y1", "Y2", "Y3"], order);
        await chains.AssertEverySlotFreeAsync();
    }

    [Fact]
    public async Task SaturatedWorker_ChainHandsItsSlotOnAtMostMaxSlotHandOversTimes_ThenQueuedWorkRuns()
    {
        await using var chains = await Chains.StartAsync();
        int steps = WorkflowWorker.MaxSlotHandOvers + 4;

        var order = await chains.RunAsync(firstSteps: steps, secondSteps: 1);

        // X's first activity and the MaxSlotHandOvers it handed its slot on to, then Y's, then the rest of X's.
        string[] expected =
        [
            .. Enumerable.Range(1, WorkflowWorker.MaxSlotHandOvers + 1).Select(i => $"X{i}"),
            "Y1",
            .. Enumerable.Range(WorkflowWorker.MaxSlotHandOvers + 2, steps - WorkflowWorker.MaxSlotHandOvers - 1).Select(i => $"X{i}"),
        ];
        Assert.Equal(expected, order);
        await chains.AssertEverySlotFreeAsync();
    }

    /// <summary>
    /// One worker with one activity slot and two chain instances, X and Y: X's first activity holds the slot until Y's
    /// first activity is scheduled and queued behind it.
    /// </summary>
    private sealed class Chains : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _order = new();
        private readonly TaskCompletionSource _firstStepRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _releaseFirstStep = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private InMemoryBackend _backend = null!;
        private WorkflowWorker _worker = null!;

        public static async Task<Chains> StartAsync()
        {
            var chains = new Chains();
            var registry = new WorkflowRegistry()
                .AddWorkflow("Chain", async (WorkflowContext ctx, string name, int steps) =>
                {
                    for (int i = 1; i <= steps; i++)
                    {
                        await ctx.ExecuteActivityAsync<int>("Step", null, name, i);
                    }

                    return steps;
                })
                .AddActivity("Step", async (string name, int step) =>
                {
                    chains._order.Enqueue($"{name}{step}");
                    if (name == "X" && step == 1)
                    {
                        chains._firstStepRunning.TrySetResult();
                        await chains._releaseFirstStep.Task;
                    }

                    return step;
                });
            chains._backend = new InMemoryBackend();
            chains._worker = new WorkflowWorker(chains._backend, registry, new WorkflowWorkerOptions
            {
                MaxParallelActivityTasks = 1,
                PollInterval = TimeSpan.FromMilliseconds(20),
            });
            await chains._worker.StartAsync();
            return chains;
        }

        public async Task<string[]> RunAsync(int firstSteps, int secondSteps)
        {
            var client = new WorkflowClient(_backend);
            try
            {
                var x = await client.StartWorkflowAsync<int>("Chain", new WorkflowOptions { InstanceId = "X" }, "X", firstSteps);
                await _firstStepRunning.Task.WaitAsync(s_timeout);
                var y = await client.StartWorkflowAsync<int>("Chain", new WorkflowOptions { InstanceId = "Y" }, "Y", secondSteps);

                // Y's first task has run and scheduled its activity, which waits in the queue: the only slot is X's.
                using var deadline = new CancellationTokenSource(s_timeout);
                while (!(await y.GetHistoryAsync()).Any(e => e.Type == EventType.ActivityScheduled))
                {
                    await Task.Delay(10, deadline.Token);
                }

                _releaseFirstStep.TrySetResult();
                Assert.Equal(firstSteps, await x.GetResultAsync(s_timeout));
                Assert.Equal(secondSteps, await y.GetResultAsync(s_timeout));
                return [.. _order];
            }
            finally
            {
                _releaseFirstStep.TrySetResult();
            }
        }

        /// <summary>Once the work is done every slot comes back, and none comes back twice.</summary>
        public async Task AssertEverySlotFreeAsync()
        {
            using var deadline = new CancellationTokenSource(s_timeout);
            while (_worker.FreeActivitySlots != 1)
            {
                Assert.True(_worker.FreeActivitySlots < 1, $"{_worker.FreeActivitySlots} free activity slots of 1: one was released twice.");
                await Task.Delay(10, deadline.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _releaseFirstStep.TrySetResult();
            await _worker.DisposeAsync();
            await _backend.DisposeAsync();
        }
    }
}
