using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Workflows.Serialization;

namespace Workflows.Worker;

/// <summary>Options of a <see cref="WorkflowWorker"/>.</summary>
public sealed record WorkflowWorkerOptions
{
    /// <summary>The queues this worker polls.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [Client.WorkflowClient.DefaultQueue];

    /// <summary>Concurrent workflow-task pollers.</summary>
    public int WorkflowPollers { get; init; } = 2;

    /// <summary>Concurrent activity-task pollers.</summary>
    public int ActivityPollers { get; init; } = 2;

    /// <summary>
    /// Workflow tasks in flight at once. A workflow task spends most of its time waiting for its commit, and commits
    /// that wait together share one transaction (and one fsync on SQLite), so a generous limit is what makes a busy
    /// worker fast.
    /// </summary>
    public int MaxParallelWorkflowTasks { get; init; } = 100;

    /// <summary>
    /// Activities executing at once. An activity's slot is free again once its body has returned: the commit of its
    /// result goes on outside the slot, under the activity's lease, while the slot runs the next activity.
    /// </summary>
    public int MaxParallelActivityTasks { get; init; } = 100;

    /// <summary>
    /// Make the values an instance carries ambient again around each activity (see
    /// <see cref="Diagnostics.IWorkflowContextPropagator.Restore"/>); restored in list order, undone in reverse.
    /// </summary>
    public IReadOnlyList<Diagnostics.IWorkflowContextPropagator> ContextPropagators { get; init; } = [];

    /// <summary>
    /// Wrap workflow tasks, activity executions and the activity and sub-workflow calls of workflow code; the first in
    /// the list is the outermost. Replaying a history (a replayer, another worker) needs the same interceptors when
    /// they change calls.
    /// </summary>
    public IReadOnlyList<global::Workflows.Interceptors.IWorkflowWorkerInterceptor> Interceptors { get; init; } = [];

    /// <summary>The longest pause between two polls when there is nothing to do.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Keep executors of running instances in memory between workflow tasks.</summary>
    public bool EnableExecutorCache { get; init; } = true;

    /// <summary>
    /// Whether the worker takes its next work straight from its own commits when the backend supports it
    /// (<see cref="Backends.IEagerDispatchBackend"/>): a workflow task's commit claims the activities it schedules for
    /// free activity slots, and an activity's completion claims the workflow task it makes ready for a free
    /// workflow slot. Saves a poll and a claim transaction per step; other workers still take whatever this one
    /// has no slot for. On by default.
    /// </summary>
    public bool EagerDispatch { get; init; } = true;

    /// <summary>How many executors the cache keeps (least recently used are evicted first).</summary>
    public int ExecutorCacheSize { get; init; } = 1024;

    /// <summary>How long an executor may sit unused in the cache.</summary>
    public TimeSpan ExecutorCacheIdleTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The oldest the backlog gauges (<c>workflows.workflow_task.pending</c>, <c>workflows.activity_task.pending</c>)
    /// may be: a metrics scrape reads the counts this worker keeps and, when they are older than this, has them read
    /// again from the backend in the background. No scrapes, no reads. <see cref="TimeSpan.Zero"/> or less leaves the
    /// gauges to other workers of the process.
    /// </summary>
    public TimeSpan BacklogMetricsInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a workflow task that could not run (non-determinism, unknown workflow) waits before it is tried again.</summary>
    public TimeSpan WorkflowTaskRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an activity that is not registered here waits before it is offered again.</summary>
    public TimeSpan UnknownActivityRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times this worker offers back an activity it does not know before failing it as not registered.</summary>
    public int UnknownActivityMaxAttempts { get; init; } = 10;

    /// <summary>
    /// How many times this worker offers back a workflow task whose workflow it does not know (with the backend's
    /// doubling back-off, starting at <see cref="WorkflowTaskRetryDelay"/>) before it parks the instance: it stays
    /// running, is no longer claimed, and its last task error names the workflow and the queue.
    /// </summary>
    public int UnknownWorkflowMaxAttempts { get; init; } = 10;

    /// <summary>The longest history an execution may have; a workflow task that would exceed it fails the execution with <see cref="HistoryLimitExceededException"/>.</summary>
    public long MaxHistoryLength { get; init; } = 50_000;

    /// <summary>Encodes and decodes payloads; must match the clients'.</summary>
    public IPayloadConverter PayloadConverter { get; init; } = JsonPayloadConverter.Default;

    /// <summary>
    /// The clock for workflow-task timestamps (<c>ctx.Now</c>), lease renewals, activity timeouts and cache idle
    /// times; null (the default) uses the backend's, <see cref="Backends.BackendOptions.TimeProvider"/>, so one
    /// setting drives client, worker and backend.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the worker and the workflows' <c>ctx.Logger</c> write.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
