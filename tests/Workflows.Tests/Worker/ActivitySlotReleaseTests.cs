using Workflows.Backends;
using Workflows.Client;
using Workflows.History;
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
    private class HoldingBackend : IBackend
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected InMemoryBackend Inner { get; } = new();

        public Task CompletionArrived => _arrived.Task;

        public BackendOptions Options => Inner.Options;

        public void ReleaseCompletion() => _release.TrySetResult();

        protected async Task HoldAsync(ActivityTask task)
        {
            if (((ActivityScheduledAttributes)task.ScheduledEvent.Attributes).Name == "Held")
            {
                _arrived.TrySetResult();
                await _release.Task;
            }
        }

        public async Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default)
        {
            await HoldAsync(task);
            await Inner.CompleteActivityTaskAsync(task, resultEvent, cancellationToken);
        }

        public Task CreateWorkflowInstanceAsync(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata, CancellationToken cancellationToken = default) => Inner.CreateWorkflowInstanceAsync(instance, startedEvent, metadata, cancellationToken);

        public Task CancelWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.CancelWorkflowInstanceAsync(instanceId, cancellationToken);

        public Task SignalWorkflowAsync(string instanceId, HistoryEvent signalEvent, string? requestId = null, CancellationToken cancellationToken = default) => Inner.SignalWorkflowAsync(instanceId, signalEvent, requestId, cancellationToken);

        public Task RemoveWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.RemoveWorkflowInstanceAsync(instanceId, cancellationToken);

        public Task TerminateWorkflowInstanceAsync(string instanceId, string? reason, CancellationToken cancellationToken = default) => Inner.TerminateWorkflowInstanceAsync(instanceId, reason, cancellationToken);

        public Task<int> RemoveWorkflowInstancesAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken = default) => Inner.RemoveWorkflowInstancesAsync(finishedBefore, batchSize, cancellationToken);

        public Task<WorkflowInstanceState> GetWorkflowInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.GetWorkflowInstanceStateAsync(instanceId, cancellationToken);

        public Task<IReadOnlyList<WorkflowInstanceState>> ListWorkflowExecutionsAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.ListWorkflowExecutionsAsync(instanceId, cancellationToken);

        public Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId = null, CancellationToken cancellationToken = default) => Inner.GetWorkflowInstanceHistoryAsync(instance, afterSequenceId, cancellationToken);

        public Task<InstancePage> ListWorkflowInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Inner.ListWorkflowInstancesAsync(query, cancellationToken);

        public Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken = default) => Inner.GetStatsAsync(cancellationToken);

        public Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) => Inner.GetWorkflowTaskAsync(queues, cancellationToken);

        public Task ExtendWorkflowTaskAsync(WorkflowTask task, CancellationToken cancellationToken = default) => Inner.ExtendWorkflowTaskAsync(task, cancellationToken);

        public Task CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, CancellationToken cancellationToken = default) => Inner.CompleteWorkflowTaskAsync(task, completion, cancellationToken);

        public Task AbandonWorkflowTaskAsync(WorkflowTask task, WorkflowError error, TimeSpan retryAfter, CancellationToken cancellationToken = default) => Inner.AbandonWorkflowTaskAsync(task, error, retryAfter, cancellationToken);

        public Task ResumeWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.ResumeWorkflowInstanceAsync(instanceId, cancellationToken);

        public Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) => Inner.GetActivityTaskAsync(queues, cancellationToken);

        public Task ExtendActivityTaskAsync(ActivityTask task, CancellationToken cancellationToken = default) => Inner.ExtendActivityTaskAsync(task, cancellationToken);

        public Task AbandonActivityTaskAsync(ActivityTask task, TimeSpan retryAfter, CancellationToken cancellationToken = default) => Inner.AbandonActivityTaskAsync(task, retryAfter, cancellationToken);

        public Task WaitForWorkAsync(WorkKind kind, IReadOnlyList<string> queues, TimeSpan maxWait, CancellationToken cancellationToken = default) => Inner.WaitForWorkAsync(kind, queues, maxWait, cancellationToken);

        public ValueTask DisposeAsync()
        {
            ReleaseCompletion();
            return Inner.DisposeAsync();
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
