using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
using Workflows.Tests.Infrastructure;
using Workflows.Worker;

namespace Workflows.Tests.Worker;

/// <summary>
/// An activity's slot bounds what executes, not what waits for the database: it goes back when the activity's result
/// goes to its commit, so the next activity runs while the result waits.
/// </summary>
public sealed class ActivitySlotReleaseTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SlotGoesBack_WhenTheResultGoesToItsCommit_SoTheNextActivityRunsWhileItWaits(bool eagerDispatch)
    {
        var otherRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = new WorkflowRegistry()
            .AddWorkflow("One", (WorkflowContext ctx, string activity) => ctx.ExecuteActivityAsync<string>(activity, null))
            .AddActivity("Held", () => "held")
            .AddActivity("Other", () =>
            {
                otherRan.TrySetResult();
                return "other";
            });
        await using var backend = eagerDispatch ? new EagerHoldingBackend() : new HoldingBackend();
        var worker = new WorkflowWorker(backend, registry, new WorkflowWorkerOptions
        {
            MaxParallelActivityTasks = 1,
            PollInterval = TimeSpan.FromMilliseconds(20),
        });
        await using (worker)
        {
            // Released before the worker is disposed even when the test fails: stopping waits for the held result.
            using var release = new ReleaseOnDispose(backend);
            await worker.StartAsync();
            var client = new WorkflowClient(backend);

            var held = await client.StartWorkflowAsync<string>("One", new WorkflowOptions { InstanceId = "held" }, "Held");
            await backend.CompletionArrived.WaitAsync(s_timeout);
            var other = await client.StartWorkflowAsync<string>("One", new WorkflowOptions { InstanceId = "other" }, "Other");

            // The only slot was Held's: Other runs while Held's result is still waiting for its commit.
            await otherRan.Task.WaitAsync(s_timeout);
            Assert.Equal("other", await other.GetResultAsync(s_timeout));
            Assert.Equal(WorkflowStatus.Running, (await held.GetStateAsync()).Status);

            backend.ReleaseCompletion();
            Assert.Equal("held", await held.GetResultAsync(s_timeout));

            // Every slot comes back, and none twice.
            using var deadline = new CancellationTokenSource(s_timeout);
            while (worker.FreeActivitySlots != 1)
            {
                Assert.True(worker.FreeActivitySlots < 1, $"{worker.FreeActivitySlots} free activity slots of 1: one was released twice.");
                await Task.Delay(10, deadline.Token);
            }
        }
    }

    private sealed class ReleaseOnDispose(HoldingBackend backend) : IDisposable
    {
        public void Dispose() => backend.ReleaseCompletion();
    }

    /// <summary>An in-memory backend whose commit of the "Held" activity's result waits until the test releases it.</summary>
    private class HoldingBackend : DelegatingBackend
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task CompletionArrived => _arrived.Task;

        public void ReleaseCompletion() => _release.TrySetResult();

        protected async Task HoldAsync(ActivityTask task)
        {
            if (((ActivityScheduledAttributes)task.ScheduledEvent.Attributes).Name == "Held")
            {
                _arrived.TrySetResult();
                await _release.Task;
            }
        }

        public override async Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default)
        {
            await HoldAsync(task);
            await Inner.CompleteActivityTaskAsync(task, resultEvent, cancellationToken);
        }

        public override ValueTask DisposeAsync()
        {
            ReleaseCompletion();
            return base.DisposeAsync();
        }
    }

    /// <summary>The same with eager dispatch: the worker's completions also claim the workflow task they wake.</summary>
    private sealed class EagerHoldingBackend : HoldingBackend, IEagerDispatchBackend
    {
        public Task<IReadOnlyList<ActivityTask>> CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, CancellationToken cancellationToken = default)
            => Inner.CompleteWorkflowTaskAsync(task, completion, queues, maxActivities, cancellationToken);

        async Task<WorkflowTask?> IEagerDispatchBackend.CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, IReadOnlyList<string> queues, CancellationToken cancellationToken)
        {
            await HoldAsync(task);
            return await Inner.CompleteActivityTaskAsync(task, resultEvent, queues, cancellationToken);
        }
    }
}
