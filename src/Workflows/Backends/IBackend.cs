using Workflows.History;

namespace Workflows.Backends;

/// <summary>
/// The storage contract every backend implements (after go-workflows' <c>backend.Backend</c>).
/// </summary>
/// <remarks>
/// Rules every implementation follows (docs: RELIABILITY.md):
/// <list type="number">
/// <item>Claim, execute and commit are three short steps; no transaction is open while user code runs.</item>
/// <item>The backend's clock (the database clock for SQL backends) is the only clock for leases and timer visibility.</item>
/// <item>Every claim writes a fresh lock token; every commit and renewal is fenced on it and affects exactly one
/// row, else it throws <see cref="LeaseLostException"/> and writes nothing.</item>
/// <item>Completions are idempotent: an activity completion whose task is no longer held is discarded.</item>
/// </list>
/// </remarks>
public interface IBackend : IAsyncDisposable
{
    /// <summary>Lease lengths and limits the backend applies.</summary>
    BackendOptions Options { get; }

    /// <summary>
    /// Atomically creates an instance and its first execution and makes <paramref name="startedEvent"/> its first
    /// pending event, so a worker picks it up.
    /// </summary>
    /// <exception cref="WorkflowInstanceAlreadyExistsException">The instance id has an active execution.</exception>
    Task CreateWorkflowInstanceAsync(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata, CancellationToken cancellationToken = default);

    /// <summary>Adds a <see cref="EventType.WorkflowCancellationRequested"/> pending event to the instance's active execution.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this instance id.</exception>
    Task CancelWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Durably adds a <see cref="EventType.SignalReceived"/> pending event to the instance's active execution.
    /// With a request id, a repeated call with the same id is accepted once, and a retry succeeds even after the
    /// instance finished (the first call landed); the ids are kept until the instance is removed.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this instance id.</exception>
    Task SignalWorkflowAsync(string instanceId, HistoryEvent signalEvent, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a finished instance: all its executions, history and state.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    /// <exception cref="WorkflowNotFinishedException">Its latest execution is still active.</exception>
    Task RemoveWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the instance's active execution at once without running its code, in one transaction: appends a
    /// <see cref="EventType.WorkflowExecutionTerminated"/> event, sets the status to
    /// <see cref="WorkflowStatus.Terminated"/>, releases any lease (so a worker's commit in flight is rejected),
    /// drops its pending events, timers and activity tasks, reports the termination to its parent as a
    /// <see cref="EventType.SubWorkflowFailed"/> event, and terminates its active sub-workflows the same way.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">No active execution has this instance id.</exception>
    Task TerminateWorkflowInstanceAsync(string instanceId, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Removes up to <paramref name="batchSize"/> instances that finished before <paramref name="finishedBefore"/>; returns how many.</summary>
    Task<int> RemoveWorkflowInstancesAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken = default);

    /// <summary>The state of the instance's latest execution.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    Task<WorkflowInstanceState> GetWorkflowInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every execution stored under the instance id, newest first: the continue-as-new chain and earlier runs of a
    /// reused id, each with its own state (the first is the latest, what <see cref="GetWorkflowInstanceStateAsync"/> returns).
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    Task<IReadOnlyList<WorkflowInstanceState>> ListWorkflowExecutionsAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The execution's committed history in sequence order, whole or after <paramref name="afterSequenceId"/>.</summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The execution does not exist.</exception>
    Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the execution's committed history: at most <paramref name="limit"/> events after
    /// <paramref name="afterSequenceId"/> (0 or null: from the start), in sequence order. Fewer than
    /// <paramref name="limit"/> events means the page reached the end of the history; the next page starts after the
    /// last event's <see cref="HistoryEvent.SequenceId"/>.
    /// </summary>
    /// <remarks>
    /// The built-in backends read only the page from storage, so the first page of a very long history costs what a
    /// short history does. This default, for backends written before the method existed, reads the rest of the
    /// history and returns its first <paramref name="limit"/> events.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    /// <exception cref="WorkflowInstanceNotFoundException">The execution does not exist.</exception>
    async Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var events = await GetWorkflowInstanceHistoryAsync(instance, afterSequenceId, cancellationToken).ConfigureAwait(false);
        return events.Count <= limit ? events : events.Take(limit).ToList();
    }

    /// <summary>Lists instances (their latest executions), newest first, a page at a time.</summary>
    Task<InstancePage> ListWorkflowInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts of active instances and pending tasks.</summary>
    Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one instance on one of <paramref name="queues"/> that is active, not leased (or whose lease expired)
    /// and has at least one visible pending event. Writes a fresh lock token and an expiry of now +
    /// <see cref="BackendOptions.WorkflowLockTimeout"/> in one transaction; returns the pending events it saw.
    /// Returns null when there is nothing to do.
    /// </summary>
    Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of a claimed workflow task, fenced on its lock token.</summary>
    /// <exception cref="LeaseLostException">The token no longer holds the instance.</exception>
    Task ExtendWorkflowTaskAsync(WorkflowTask task, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits a workflow task in one transaction, only if <paramref name="task"/>'s lock token still holds the
    /// instance: appends the executed events, deletes the consumed pending events, enqueues the activity tasks,
    /// stores the timer events (visible at their due time), deletes cancelled timers, updates the state, delivers
    /// events to other instances (creating sub-workflow instances and continue-as-new executions; a start for an id
    /// that is active becomes a <see cref="EventType.SubWorkflowFailed"/> event for the parent) and releases the lock.
    /// When the execution finishes, its remaining pending events, timers and activity tasks are removed, except that
    /// on continue-as-new its pending signals move to the new execution.
    /// </summary>
    /// <exception cref="LeaseLostException">The lease was lost; nothing was written.</exception>
    Task CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases a claimed workflow task without committing anything (the code failed to run it: non-determinism,
    /// a runtime violation, an unknown workflow), records <paramref name="error"/> as the instance's last task
    /// error and makes the instance claimable again after <paramref name="retryAfter"/>, doubled for each consecutive
    /// failure of the same instance and capped at five minutes, so a task that keeps failing (poison) costs little
    /// and never blocks other instances. A successful commit resets the count. Fenced on the lock token; a lost
    /// lease is ignored.
    /// </summary>
    Task AbandonWorkflowTaskAsync(WorkflowTask task, WorkflowError error, TimeSpan retryAfter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a parked or backing-off instance claimable now: clears the retry delay that
    /// <see cref="AbandonWorkflowTaskAsync"/> set and resets its consecutive failure count, in one transaction on
    /// the instance's active execution (the update must affect exactly that row). The last task error stays
    /// visible until the next successful commit. A lease a worker holds is left alone.
    /// </summary>
    /// <exception cref="WorkflowInstanceNotFoundException">The instance does not exist.</exception>
    /// <exception cref="WorkflowAlreadyFinishedException">Its latest execution has finished; there is nothing to resume.</exception>
    Task ResumeWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one activity task on one of <paramref name="queues"/> that is not leased or whose lease expired, with a
    /// fresh lock token and an expiry of now + <see cref="BackendOptions.ActivityLockTimeout"/>. Null when none.
    /// </summary>
    Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of a claimed activity task, fenced on its lock token.</summary>
    /// <exception cref="LeaseLostException">The token no longer holds the activity.</exception>
    Task ExtendActivityTaskAsync(ActivityTask task, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one transaction: deletes the activity task fenced on its lock token and adds <paramref name="resultEvent"/>
    /// (<see cref="EventType.ActivityCompleted"/> or <see cref="EventType.ActivityFailed"/>) as a pending event of
    /// the execution, if that execution is still active.
    /// </summary>
    /// <exception cref="LeaseLostException">The task is no longer held by this token (a duplicate); nothing was written.</exception>
    Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases a claimed activity task so that another attempt can claim it after <paramref name="retryAfter"/>
    /// (the activity is not registered here, or the worker is stopping). Fenced; a lost lease is ignored.
    /// </summary>
    Task AbandonActivityTaskAsync(ActivityTask task, TimeSpan retryAfter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when work of <paramref name="kind"/> on <paramref name="queues"/> may be available (at once if some
    /// already is), or after <paramref name="maxWait"/>. Backends that cannot observe writes (other processes)
    /// simply wait; it never throws on timeout.
    /// </summary>
    Task WaitForWorkAsync(WorkKind kind, IReadOnlyList<string> queues, TimeSpan maxWait, CancellationToken cancellationToken = default);
}

/// <summary>The kinds of work a worker polls for.</summary>
public enum WorkKind
{
    /// <summary>Workflow tasks.</summary>
    Workflow,
    /// <summary>Activity tasks.</summary>
    Activity,
}
