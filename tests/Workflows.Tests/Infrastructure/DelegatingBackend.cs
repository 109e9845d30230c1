using Workflows.Backends;
using Workflows.History;

namespace Workflows.Tests.Infrastructure;

/// <summary>
/// An <see cref="IBackend"/> that hands every call to an in-memory backend; a test overrides the calls it changes.
/// It implements no optional backend interface, so a worker over it claims one task per poll and dispatches nothing
/// eagerly unless a subclass adds the interface.
/// </summary>
public class DelegatingBackend : IBackend
{
    protected InMemoryBackend Inner { get; } = new();

    public BackendOptions Options => Inner.Options;

    public virtual Task CreateWorkflowInstanceAsync(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata, CancellationToken cancellationToken = default) => Inner.CreateWorkflowInstanceAsync(instance, startedEvent, metadata, cancellationToken);

    public virtual Task CancelWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.CancelWorkflowInstanceAsync(instanceId, cancellationToken);

    public virtual Task SignalWorkflowAsync(string instanceId, HistoryEvent signalEvent, string? requestId = null, CancellationToken cancellationToken = default) => Inner.SignalWorkflowAsync(instanceId, signalEvent, requestId, cancellationToken);

    public virtual Task RemoveWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.RemoveWorkflowInstanceAsync(instanceId, cancellationToken);

    public virtual Task TerminateWorkflowInstanceAsync(string instanceId, string? reason, CancellationToken cancellationToken = default) => Inner.TerminateWorkflowInstanceAsync(instanceId, reason, cancellationToken);

    public virtual Task<int> RemoveWorkflowInstancesAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken = default) => Inner.RemoveWorkflowInstancesAsync(finishedBefore, batchSize, cancellationToken);

    public virtual Task<WorkflowInstanceState> GetWorkflowInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.GetWorkflowInstanceStateAsync(instanceId, cancellationToken);

    public virtual Task<IReadOnlyList<WorkflowInstanceState>> ListWorkflowExecutionsAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.ListWorkflowExecutionsAsync(instanceId, cancellationToken);

    public virtual Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId = null, CancellationToken cancellationToken = default) => Inner.GetWorkflowInstanceHistoryAsync(instance, afterSequenceId, cancellationToken);

    public virtual Task<InstancePage> ListWorkflowInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default) => Inner.ListWorkflowInstancesAsync(query, cancellationToken);

    public virtual Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken = default) => Inner.GetStatsAsync(cancellationToken);

    public virtual Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) => Inner.GetWorkflowTaskAsync(queues, cancellationToken);

    public virtual Task ExtendWorkflowTaskAsync(WorkflowTask task, CancellationToken cancellationToken = default) => Inner.ExtendWorkflowTaskAsync(task, cancellationToken);

    public virtual Task CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, CancellationToken cancellationToken = default) => Inner.CompleteWorkflowTaskAsync(task, completion, cancellationToken);

    public virtual Task AbandonWorkflowTaskAsync(WorkflowTask task, WorkflowError error, TimeSpan retryAfter, CancellationToken cancellationToken = default) => Inner.AbandonWorkflowTaskAsync(task, error, retryAfter, cancellationToken);

    public virtual Task ResumeWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => Inner.ResumeWorkflowInstanceAsync(instanceId, cancellationToken);

    public virtual Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default) => Inner.GetActivityTaskAsync(queues, cancellationToken);

    public virtual Task ExtendActivityTaskAsync(ActivityTask task, CancellationToken cancellationToken = default) => Inner.ExtendActivityTaskAsync(task, cancellationToken);

    public virtual Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default) => Inner.CompleteActivityTaskAsync(task, resultEvent, cancellationToken);

    public virtual Task AbandonActivityTaskAsync(ActivityTask task, TimeSpan retryAfter, CancellationToken cancellationToken = default) => Inner.AbandonActivityTaskAsync(task, retryAfter, cancellationToken);

    public virtual Task WaitForWorkAsync(WorkKind kind, IReadOnlyList<string> queues, TimeSpan maxWait, CancellationToken cancellationToken = default) => Inner.WaitForWorkAsync(kind, queues, maxWait, cancellationToken);

    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();
}
