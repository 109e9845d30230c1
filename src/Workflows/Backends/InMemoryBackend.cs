using Workflows.History;

namespace Workflows.Backends;

/// <summary>
/// A backend that keeps everything in process memory: for tests and samples. It honours the whole
/// <see cref="IBackend"/> contract (lease tokens and expiry, fenced commits, future timer events, delivery to
/// other instances) with one lock standing in for a database transaction; it is not durable.
/// </summary>
public sealed partial class InMemoryBackend : IBackend, IEagerDispatchBackend, IFusedStepBackend, IBatchClaimBackend
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Execution> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkflowInstance, Execution> _executions = [];
    private readonly Dictionary<string, ActivityRow> _activities = new(StringComparer.Ordinal);

    // Claim order is creation order; keeping only what can still be claimed makes a claim cost O(busy), not O(all).
    private readonly SortedDictionary<long, Execution> _running = [];
    private readonly SortedDictionary<long, ActivityRow> _activityQueue = [];
    private readonly HashSet<(string InstanceId, string RequestId)> _signalRequests = [];

    // Running executions with a visible pending event and no live lease (claimable unless backing off), and executions
    // whose earliest future event (a timer) moves them there when due: a claim looks at these, not at everything.
    private readonly SortedSet<long> _ready = [];
    private readonly PriorityQueue<Execution, DateTimeOffset> _future = new();

    // Leased executions and activity tasks by lease end. A claim skips them without looking; when a lease lapses the
    // item goes back where claims look. An item whose lease lapsed keeps its token, so its holder can still commit
    // until someone else claims it, as with the SQL backends.
    private readonly SortedSet<(DateTimeOffset Until, long Order)> _leasedExecutions = [];
    private readonly SortedSet<(DateTimeOffset Until, long Order)> _leasedActivities = [];
    private readonly Dictionary<long, ActivityRow> _leasedActivityRows = [];
    private readonly WorkSignal _workflowSignal = new();
    private readonly WorkSignal _activitySignal = new();
    private long _creationCounter;

    /// <summary>Creates an empty backend.</summary>
    public InMemoryBackend(BackendOptions? options = null) => Options = options ?? new BackendOptions();

    /// <inheritdoc />
    public BackendOptions Options { get; }

    private DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <inheritdoc />
    public Task CreateWorkflowInstanceAsync(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(startedEvent);
        lock (_gate)
        {
            if (_latest.TryGetValue(instance.InstanceId, out var existing) && existing.Status == WorkflowStatus.Running)
            {
                throw new WorkflowInstanceAlreadyExistsException(instance.InstanceId);
            }

            CreateExecution(instance, startedEvent, metadata);
        }

        _workflowSignal.Notify();
        return Task.CompletedTask;
    }

    private Execution CreateExecution(WorkflowInstance instance, HistoryEvent startedEvent, WorkflowMetadata? metadata)
    {
        var started = (ExecutionStartedAttributes)startedEvent.Attributes;
        var execution = new Execution(instance, started.Name, started.Queue, Now, ++_creationCounter)
        {
            Parent = started.Parent,
            Metadata = metadata,
        };
        execution.Pending.Add(startedEvent);
        _latest[instance.InstanceId] = execution;
        _executions[instance] = execution;
        _running[execution.Order] = execution;
        Touch(execution);
        return execution;
    }

    /// <inheritdoc />
    public Task CancelWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var execution = ActiveExecution(instanceId);
            execution.Pending.Add(HistoryEvent.Create(Now, new WorkflowCancellationRequestedAttributes()));
            Touch(execution);
        }

        _workflowSignal.Notify();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SignalWorkflowAsync(string instanceId, HistoryEvent signalEvent, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signalEvent);
        lock (_gate)
        {
            // A retry of a request that was accepted succeeds even after the instance finished: the signal landed.
            if (requestId is not null && _signalRequests.Contains((instanceId, requestId)))
            {
                return Task.CompletedTask;
            }

            var execution = ActiveExecution(instanceId);
            if (requestId is not null)
            {
                _signalRequests.Add((instanceId, requestId));
            }

            execution.Pending.Add(signalEvent);
            Touch(execution);
        }

        _workflowSignal.Notify();
        return Task.CompletedTask;
    }

    private Execution ActiveExecution(string instanceId)
    {
        if (!_latest.TryGetValue(instanceId, out var execution))
        {
            throw new WorkflowInstanceNotFoundException(instanceId);
        }

        if (execution.Status != WorkflowStatus.Running)
        {
            throw new WorkflowInstanceNotFoundException(instanceId, $"it has already finished ({execution.Status})");
        }

        return execution;
    }

    /// <inheritdoc />
    public Task RemoveWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_latest.TryGetValue(instanceId, out var latest))
            {
                throw new WorkflowInstanceNotFoundException(instanceId);
            }

            if (latest.Status == WorkflowStatus.Running)
            {
                throw new WorkflowNotFinishedException(instanceId);
            }

            _latest.Remove(instanceId);
            _signalRequests.RemoveWhere(r => r.InstanceId == instanceId);
            foreach (var key in _executions.Keys.Where(k => k.InstanceId == instanceId).ToList())
            {
                _executions.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WorkflowInstanceState> GetWorkflowInstanceStateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _latest.TryGetValue(instanceId, out var execution)
                ? Task.FromResult(execution.ToState())
                : Task.FromException<WorkflowInstanceState>(new WorkflowInstanceNotFoundException(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstanceState>> ListWorkflowExecutionsAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        lock (_gate)
        {
            var executions = _executions.Values.Where(e => e.Instance.InstanceId == instanceId).OrderByDescending(e => e.Order).Select(e => e.ToState()).ToList();
            return executions.Count > 0
                ? Task.FromResult<IReadOnlyList<WorkflowInstanceState>>(executions)
                : Task.FromException<IReadOnlyList<WorkflowInstanceState>>(new WorkflowInstanceNotFoundException(instanceId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId = null, CancellationToken cancellationToken = default)
        => GetWorkflowInstanceHistoryAsync(instance, afterSequenceId, int.MaxValue, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryEvent>> GetWorkflowInstanceHistoryAsync(WorkflowInstance instance, long? afterSequenceId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            if (!_executions.TryGetValue(instance, out var execution))
            {
                return Task.FromException<IReadOnlyList<HistoryEvent>>(new WorkflowInstanceNotFoundException(instance.InstanceId, $"no execution '{instance.ExecutionId}'"));
            }

            // Sequence ids are contiguous from 1, so the position is the id.
            int skip = (int)Math.Clamp(afterSequenceId ?? 0, 0, execution.History.Count);
            return Task.FromResult<IReadOnlyList<HistoryEvent>>(execution.History.GetRange(skip, Math.Min(limit, execution.History.Count - skip)));
        }
    }

    /// <inheritdoc />
    public Task<InstancePage> ListWorkflowInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            long before = query.Cursor is null ? long.MaxValue : long.Parse(query.Cursor, System.Globalization.CultureInfo.InvariantCulture);
            var page = _latest.Values
                .Where(e => e.Order < before && (query.Status is null || e.Status == query.Status) && Matches(e, query))
                .OrderByDescending(e => e.Order)
                .Take(query.PageSize + 1)
                .ToList();
            string? next = page.Count > query.PageSize ? page[query.PageSize - 1].Order.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new InstancePage(page.Take(query.PageSize).Select(e => e.ToState()).ToList(), next));
        }
    }

    private static bool Matches(Execution e, InstanceQuery query)
        => (query.WorkflowName is null || e.Name == query.WorkflowName)
            && (query.Queue is null || e.Queue == query.Queue)
            && (query.InstanceIdPrefix is null || e.Instance.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
            && (query.CreatedFrom is null || e.CreatedAt >= query.CreatedFrom)
            && (query.CreatedBefore is null || e.CreatedAt < query.CreatedBefore)
            && (query.FinishedFrom is null || e.CompletedAt >= query.FinishedFrom)
            && (query.FinishedBefore is null || e.CompletedAt < query.FinishedBefore)
            && (query.ParentInstanceId is null || e.Parent?.InstanceId == query.ParentInstanceId)
            && (!query.BlockedOnly || (e.Status == WorkflowStatus.Running && e.LastTaskError is not null));

    /// <inheritdoc />
    public Task ResumeWorkflowInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_latest.TryGetValue(instanceId, out var execution))
            {
                return Task.FromException(new WorkflowInstanceNotFoundException(instanceId));
            }

            if (execution.Status.IsFinished())
            {
                return Task.FromException(new WorkflowAlreadyFinishedException(instanceId, execution.Status));
            }

            // The last task error stays visible until the next commit clears it; only the back-off goes.
            execution.NotBefore = null;
            execution.TaskFailures = 0;
        }

        _workflowSignal.Notify();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<BackendStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now;
            var running = _running.Values;
            return Task.FromResult(new BackendStats
            {
                ActiveInstances = running.Count,
                PendingWorkflowTasks = running.Where(e => e.HasVisibleEvent(now))
                    .GroupBy(e => e.Queue).ToDictionary(g => g.Key, g => (long)g.Count()),
                PendingActivityTasks = _activities.Values
                    .GroupBy(a => a.Queue).ToDictionary(g => g.Key, g => (long)g.Count()),
                InstancesByStatus = _latest.Values.GroupBy(e => e.Status).ToDictionary(g => g.Key, g => (long)g.Count()),
                InstancesByWorkflowName = _latest.Values.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
            });
        }
    }

    /// <inheritdoc />
    public Task<WorkflowTask?> GetWorkflowTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        lock (_gate)
        {
            return Task.FromResult(ClaimReady(queues, 1) is [var task] ? task : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowTask>> GetWorkflowTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WorkflowTask>>(ClaimReady(queues, max));
        }
    }

    // Claims up to max claimable executions, oldest first; under the gate.
    private List<WorkflowTask> ClaimReady(IReadOnlyList<string> queues, int max)
    {
        var now = Now;
        PromoteDue(now);
        var picks = new List<Execution>(Math.Min(max, 16));
        foreach (long order in _ready)
        {
            var execution = _running[order];
            if ((execution.LockToken is null || execution.LockedUntil <= now)
                && (execution.NotBefore is null || execution.NotBefore <= now)
                && queues.Contains(execution.Queue)
                && execution.HasVisibleEvent(now))
            {
                picks.Add(execution);
                if (picks.Count == max)
                {
                    break;
                }
            }
        }

        // Claiming takes an execution out of the ready set, so it happens after the walk.
        return picks.ConvertAll(e => Claim(e, now));
    }

    private WorkflowTask Claim(Execution execution, DateTimeOffset now)
    {
        string token = Lease(execution, now + Options.WorkflowLockTimeout);
        var events = execution.Pending.Where(e => e.VisibleAt is null || e.VisibleAt <= now).ToList();
        return new WorkflowTask(execution.Instance, token, execution.Name, execution.Queue, execution.History.Count, events, execution.Metadata) { ClaimedAt = now, FailedAttempts = execution.TaskFailures };
    }

    /// <inheritdoc />
    public Task ExtendWorkflowTaskAsync(WorkflowTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            var execution = HeldExecution(task);
            SetLeaseEnd(execution, Now + Options.WorkflowLockTimeout);
        }

        return Task.CompletedTask;
    }

    private Execution HeldExecution(WorkflowTask task)
    {
        if (!_executions.TryGetValue(task.Instance, out var execution) || execution.LockToken != task.LockToken)
        {
            throw new LeaseLostException($"workflow task of {task.Instance}");
        }

        return execution;
    }

    /// <inheritdoc />
    public Task CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, CancellationToken cancellationToken = default)
        => CompleteWorkflowTaskAsync(task, completion, [], 0, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityTask>> CompleteWorkflowTaskAsync(WorkflowTask task, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(queues);
        var eager = new List<ActivityTask>();
        bool wake;
        lock (_gate)
        {
            wake = ApplyCompletion(HeldExecution(task), completion, queues, maxActivities, eager);
        }

        Notify(completion, eager, wake);
        return Task.FromResult<IReadOnlyList<ActivityTask>>(eager);
    }

    private void Notify(WorkflowTaskCompletion completion, List<ActivityTask> eager, bool wake)
    {
        if (wake)
        {
            _workflowSignal.Notify();
        }

        if (completion.Activities.Count > eager.Count && !completion.Status.IsFinished())
        {
            _activitySignal.Notify();
        }
    }

    // A workflow task's commit on the held execution, under the gate; true when pollers should wake.
    private bool ApplyCompletion(Execution execution, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, List<ActivityTask> eager)
    {
        var self = execution.Instance;
        // The unique keys of a SQL backend: contiguous sequence ids and unique event ids.
        long expected = execution.History.Count + 1;
        for (int i = 0; i < completion.ExecutedEvents.Count; i++)
        {
            var e = completion.ExecutedEvents[i];
            if (e.SequenceId != expected++ || execution.EventIds.Contains(e.Id))
            {
                throw new InvalidOperationException($"History of {self} would not stay contiguous and unique at event {e}.");
            }
        }

        for (int i = 0; i < completion.ExecutedEvents.Count; i++)
        {
            var e = completion.ExecutedEvents[i];
            execution.History.Add(e);
            execution.EventIds.Add(e.Id);
        }

        if (execution.Pending.Count > 0 && completion.ConsumedEventIds.Count > 0)
        {
            var consumed = completion.ConsumedEventIds.ToHashSet(StringComparer.Ordinal);
            execution.Pending.RemoveAll(e => consumed.Contains(e.Id));
        }

        foreach (long timer in completion.CanceledTimers)
        {
            execution.Pending.RemoveAll(e => e.Type == EventType.TimerFired && e.ScheduleEventId == timer);
        }

        execution.Pending.AddRange(completion.Timers);
        foreach (var activity in completion.Activities)
        {
            var attributes = (ActivityScheduledAttributes)activity.Attributes;
            var row = new ActivityRow(activity.Id, self, attributes.Queue, activity, ++_creationCounter);
            _activities[activity.Id] = row;
            _activityQueue[row.Order] = row;
            execution.ActivityIds.Add(activity.Id);
            if (eager.Count < maxActivities && !completion.Status.IsFinished() && queues.Contains(attributes.Queue))
            {
                // Eager dispatch: claimed for the caller here, as GetActivityTaskAsync would.
                eager.Add(new ActivityTask(row.Instance, Lease(row, Now + Options.ActivityLockTimeout), row.Queue, row.Event));
            }
        }

        // The state first: a continue-as-new start for this very instance id needs it finished.
        execution.Status = completion.Status;
        execution.LastTaskError = null;
        execution.TaskFailures = 0;
        List<HistoryEvent> carried = [];
        if (completion.Status.IsFinished())
        {
            execution.CompletedAt = Now;
            execution.Result = completion.Result;
            execution.Error = completion.Error;
            if (completion.Status == WorkflowStatus.ContinuedAsNew)
            {
                carried = execution.Pending.FindAll(e => e.Type == EventType.SignalReceived);
            }

            execution.Pending.Clear();
            Finish(execution);
        }

        for (int i = 0; i < completion.OutgoingEvents.Count; i++)
        {
            var outgoing = completion.OutgoingEvents[i];
            Deliver(outgoing);
        }

        if (carried.Count > 0 && _latest.TryGetValue(self.InstanceId, out var next) && next.Status == WorkflowStatus.Running)
        {
            next.Pending.AddRange(carried);
            Touch(next);
        }

        Release(execution);
        Touch(execution);
        if (Options.RemoveContinuedAsNewExecutions && completion.Status == WorkflowStatus.ContinuedAsNew
            && _latest.TryGetValue(self.InstanceId, out var successor) && successor != execution)
        {
            _executions.Remove(self);
        }

        // Pollers wake only when this commit left workflow work: events that arrived meanwhile, deliveries,
        // carried signals, or timers (which may be due before a waiter's deadline).
        return completion.OutgoingEvents.Count > 0 || carried.Count > 0 || completion.Timers.Count > 0
            || (execution.Status == WorkflowStatus.Running && execution.Pending.Count > 0);
    }

    private void Finish(Execution execution)
    {
        _running.Remove(execution.Order);
        _ready.Remove(execution.Order);
        foreach (var id in execution.ActivityIds)
        {
            if (_activities.Remove(id, out var row))
            {
                _activityQueue.Remove(row.Order);
                Release(row);
            }
        }

        execution.ActivityIds.Clear();
    }

    private void RemoveActivity(ActivityRow row)
    {
        _activities.Remove(row.Id);
        _activityQueue.Remove(row.Order);
        Release(row);
        if (_executions.TryGetValue(row.Instance, out var execution))
        {
            execution.ActivityIds.Remove(row.Id);
        }
    }

    /// <inheritdoc />
    public Task TerminateWorkflowInstanceAsync(string instanceId, string? reason, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Terminate(ActiveExecution(instanceId), reason);
        }

        _workflowSignal.Notify();
        return Task.CompletedTask;
    }

    private void Terminate(Execution execution, string? reason)
    {
        var now = Now;
        var terminated = HistoryEvent.Create(now, new ExecutionTerminatedAttributes(reason)) with { SequenceId = execution.History.Count + 1 };
        execution.History.Add(terminated);
        execution.EventIds.Add(terminated.Id);
        execution.Status = WorkflowStatus.Terminated;
        execution.CompletedAt = now;
        execution.Error = new WorkflowError("Workflows.WorkflowTerminated", reason is null ? "The workflow was terminated." : $"The workflow was terminated: {reason}");
        Release(execution);
        execution.Pending.Clear();
        Finish(execution);
        if (execution.Parent is { } parent && _executions.TryGetValue(new WorkflowInstance(parent.InstanceId, parent.ExecutionId), out var parentExecution)
            && parentExecution.Status == WorkflowStatus.Running)
        {
            parentExecution.Pending.Add(HistoryEvent.Create(now, new SubWorkflowFailedAttributes(execution.Error), parent.ScheduleEventId));
            Touch(parentExecution);
        }

        foreach (var child in _latest.Values.Where(c => c.Status == WorkflowStatus.Running && c.Parent?.InstanceId == execution.Instance.InstanceId && c.Parent.ExecutionId == execution.Instance.ExecutionId).ToList())
        {
            Terminate(child, "the parent was terminated");
        }
    }

    /// <inheritdoc />
    public Task<int> RemoveWorkflowInstancesAsync(DateTimeOffset finishedBefore, int batchSize, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var batch = _latest.Values.Where(e => e.Status != WorkflowStatus.Running && e.CompletedAt < finishedBefore).Take(batchSize).ToList();
            foreach (var execution in batch)
            {
                _latest.Remove(execution.Instance.InstanceId);
                _signalRequests.RemoveWhere(r => r.InstanceId == execution.Instance.InstanceId);
                foreach (var key in _executions.Keys.Where(k => k.InstanceId == execution.Instance.InstanceId).ToList())
                {
                    _executions.Remove(key);
                }
            }

            return Task.FromResult(batch.Count);
        }
    }

    private void Deliver(OutgoingEvent outgoing)
    {
        if (outgoing.Event.Attributes is ExecutionStartedAttributes started)
        {
            if (_latest.TryGetValue(outgoing.Target.InstanceId, out var existing) && existing.Status == WorkflowStatus.Running)
            {
                // Only one active execution per instance id: the parent learns that the start failed.
                if (started.Parent is { } parent && _executions.TryGetValue(new WorkflowInstance(parent.InstanceId, parent.ExecutionId), out var parentExecution))
                {
                    var error = WorkflowError.FromException(new WorkflowInstanceAlreadyExistsException(outgoing.Target.InstanceId)) with { StackTrace = null };
                    parentExecution.Pending.Add(HistoryEvent.Create(Now, new SubWorkflowFailedAttributes(error), parent.ScheduleEventId));
                    Touch(parentExecution);
                }

                return;
            }

            CreateExecution(outgoing.Target, outgoing.Event, metadata: null);
            return;
        }

        Execution? target = null;
        if (outgoing.AnyExecution)
        {
            _latest.TryGetValue(outgoing.Target.InstanceId, out target);
        }
        else
        {
            _executions.TryGetValue(outgoing.Target, out target);
        }

        if (target is { Status: WorkflowStatus.Running })
        {
            target.Pending.Add(outgoing.Event);
            Touch(target);
        }
    }

    /// <inheritdoc />
    public Task AbandonWorkflowTaskAsync(WorkflowTask task, WorkflowError error, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_executions.TryGetValue(task.Instance, out var execution) && execution.LockToken == task.LockToken)
            {
                Release(execution);
                execution.LastTaskError = error;
                execution.TaskFailures++;
                var backoff = PoisonBackoff(retryAfter, execution.TaskFailures);

                // A back-off past the end of time parks the instance (the worker does so for a workflow nobody registers).
                execution.NotBefore = backoff >= DateTimeOffset.MaxValue - Now ? DateTimeOffset.MaxValue : Now + backoff;
                Touch(execution);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ActivityTask?> GetActivityTaskAsync(IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        lock (_gate)
        {
            return Task.FromResult(ClaimActivities(queues, 1) is [var task] ? task : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityTask>> GetActivityTasksAsync(IReadOnlyList<string> queues, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ActivityTask>>(ClaimActivities(queues, max));
        }
    }

    // Claims up to max claimable activity tasks in claim order; under the gate.
    private List<ActivityTask> ClaimActivities(IReadOnlyList<string> queues, int max)
    {
        var now = Now;
        PromoteLapsedActivities(now);
        var picks = new List<ActivityRow>(Math.Min(max, 16));
        foreach (var row in _activityQueue.Values)
        {
            if ((row.LockToken is null || row.LockedUntil <= now)
                && (row.NotBefore is null || row.NotBefore <= now)
                && queues.Contains(row.Queue))
            {
                picks.Add(row);
                if (picks.Count == max)
                {
                    break;
                }
            }
        }

        // Leasing takes a row out of the claim queue, so it happens after the walk.
        return picks.ConvertAll(row => new ActivityTask(row.Instance, Lease(row, now + Options.ActivityLockTimeout), row.Queue, row.Event));
    }

    /// <inheritdoc />
    public Task ExtendActivityTaskAsync(ActivityTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            SetLeaseEnd(HeldActivity(task), Now + Options.ActivityLockTimeout);
        }

        return Task.CompletedTask;
    }

    private ActivityRow HeldActivity(ActivityTask task)
    {
        if (!_activities.TryGetValue(task.ScheduledEvent.Id, out var row) || row.LockToken != task.LockToken)
        {
            throw new LeaseLostException($"activity task {task.ScheduledEvent.Id} of {task.Instance}");
        }

        return row;
    }

    /// <inheritdoc />
    public Task CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, CancellationToken cancellationToken = default)
        => CompleteActivityTaskAsync(task, resultEvent, [], cancellationToken);

    /// <inheritdoc />
    public Task<WorkflowTask?> CompleteActivityTaskAsync(ActivityTask task, HistoryEvent resultEvent, IReadOnlyList<string> queues, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(resultEvent);
        ArgumentNullException.ThrowIfNull(queues);
        WorkflowTask? claimed = null;
        lock (_gate)
        {
            var row = HeldActivity(task);
            RemoveActivity(row);
            if (_executions.TryGetValue(task.Instance, out var execution) && execution.Status == WorkflowStatus.Running)
            {
                execution.Pending.Add(resultEvent);
                Touch(execution);
                var now = Now;
                if ((execution.LockToken is null || execution.LockedUntil <= now)
                    && (execution.NotBefore is null || execution.NotBefore <= now)
                    && queues.Contains(execution.Queue))
                {
                    claimed = Claim(execution, now);
                }
            }
        }

        if (claimed is null)
        {
            _workflowSignal.Notify();
        }

        return Task.FromResult(claimed);
    }

    /// <inheritdoc />
    public Task<FusedStepResult> CompleteActivityAndWorkflowTaskAsync(ActivityTask activity, HistoryEvent resultEvent, long lastSequenceId, WorkflowTaskCompletion completion, IReadOnlyList<string> queues, int maxActivities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(resultEvent);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(queues);
        var eager = new List<ActivityTask>();
        bool wake = false;
        bool fused = false;
        lock (_gate)
        {
            var row = HeldActivity(activity);
            var now = Now;
            if (_executions.TryGetValue(activity.Instance, out var execution)
                && execution.Status == WorkflowStatus.Running
                && (execution.LockToken is null || execution.LockedUntil <= now)
                && (execution.NotBefore is null || execution.NotBefore <= now)
                && execution.History.Count == lastSequenceId
                && !execution.HasVisibleEvent(now))
            {
                // As a poll would: the execution is claimed, with the result as its one new event, and committed at once.
                RemoveActivity(row);
                wake = ApplyCompletion(execution, completion, queues, maxActivities, eager);
                fused = true;
            }
        }

        if (!fused)
        {
            return RecordResultOnlyAsync(activity, resultEvent, queues, cancellationToken);
        }

        Notify(completion, eager, wake);
        return Task.FromResult(FusedStepResult.Fused(eager));
    }

    private async Task<FusedStepResult> RecordResultOnlyAsync(ActivityTask activity, HistoryEvent resultEvent, IReadOnlyList<string> queues, CancellationToken cancellationToken)
        => FusedStepResult.NotFused(await CompleteActivityTaskAsync(activity, resultEvent, queues, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task AbandonActivityTaskAsync(ActivityTask task, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_gate)
        {
            if (_activities.TryGetValue(task.ScheduledEvent.Id, out var row) && row.LockToken == task.LockToken)
            {
                Release(row);
                row.NotBefore = Now + retryAfter;
                _activityQueue[row.Order] = row;
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(WorkKind kind, IReadOnlyList<string> queues, TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queues);
        Task wake;
        TimeSpan wait = maxWait;
        lock (_gate)
        {
            // Taking the signal under the lock closes the gap between a poll that found nothing and this wait:
            // a write after our look notifies this very signal.
            wake = (kind == WorkKind.Workflow ? _workflowSignal : _activitySignal).Current;
            var next = NextDue(kind, queues);
            if (next is { } due)
            {
                var untilDue = due - Now;
                if (untilDue <= TimeSpan.Zero)
                {
                    return;
                }

                wait = untilDue < wait ? untilDue : wait;
            }
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, Options.TimeProvider, cts.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    // The earliest time work on the queues becomes claimable (events, timers, retries, lapsing leases); null when
    // none. Stops at the first item claimable now.
    private DateTimeOffset? NextDue(WorkKind kind, IReadOnlyList<string> queues)
    {
        DateTimeOffset? next = null;
        var now = Now;
        if (kind == WorkKind.Workflow)
        {
            PromoteDue(now);
            foreach (long order in _ready)
            {
                var execution = _running[order];
                if (!queues.Contains(execution.Queue))
                {
                    continue;
                }

                var at = Max(execution.NotBefore ?? now, execution.LockToken is null ? now : execution.LockedUntil);
                if (at <= now)
                {
                    return now;
                }

                next = next is null || at < next ? at : next;
            }

            // The earliest timer or lease end of any queue: waking early for another queue's costs one empty poll.
            if (_future.TryPeek(out _, out var due))
            {
                next = next is null || due < next ? due : next;
            }

            if (_leasedExecutions.Count > 0 && (next is null || _leasedExecutions.Min.Until < next))
            {
                next = _leasedExecutions.Min.Until;
            }
        }
        else
        {
            PromoteLapsedActivities(now);
            if (_leasedActivities.Count > 0)
            {
                next = _leasedActivities.Min.Until;
            }

            foreach (var row in _activityQueue.Values)
            {
                if (queues.Contains(row.Queue))
                {
                    var at = Max(row.NotBefore ?? now, row.LockToken is null ? now : row.LockedUntil);
                    if (at <= now)
                    {
                        return now;
                    }

                    next = next is null || at < next ? at : next;
                }
            }
        }

        return next;
    }

    private string Lease(Execution execution, DateTimeOffset until)
    {
        Release(execution);
        string token = UniqueIds.Next();
        execution.LockToken = token;
        execution.LockedUntil = until;
        _leasedExecutions.Add((until, execution.Order));
        _ready.Remove(execution.Order);
        return token;
    }

    private void SetLeaseEnd(Execution execution, DateTimeOffset until)
    {
        // Also renews a lapsed lease nobody took over, which then leaves the claimable set again.
        _leasedExecutions.Remove((execution.LockedUntil, execution.Order));
        execution.LockedUntil = until;
        _leasedExecutions.Add((until, execution.Order));
        _ready.Remove(execution.Order);
    }

    private void Release(Execution execution)
    {
        if (execution.LockToken is not null)
        {
            _leasedExecutions.Remove((execution.LockedUntil, execution.Order));
            execution.LockToken = null;
        }
    }

    private string Lease(ActivityRow row, DateTimeOffset until)
    {
        Release(row);
        string token = UniqueIds.Next();
        row.LockToken = token;
        row.LockedUntil = until;
        _leasedActivities.Add((until, row.Order));
        _leasedActivityRows[row.Order] = row;
        _activityQueue.Remove(row.Order);
        return token;
    }

    private void SetLeaseEnd(ActivityRow row, DateTimeOffset until)
    {
        _leasedActivities.Remove((row.LockedUntil, row.Order));
        row.LockedUntil = until;
        _leasedActivities.Add((until, row.Order));
        _leasedActivityRows[row.Order] = row;
        _activityQueue.Remove(row.Order);
    }

    private void Release(ActivityRow row)
    {
        if (row.LockToken is not null)
        {
            _leasedActivities.Remove((row.LockedUntil, row.Order));
            _leasedActivityRows.Remove(row.Order);
            row.LockToken = null;
        }
    }

    // Activity tasks whose lease lapsed become claimable again (still holding their token until someone claims them).
    private void PromoteLapsedActivities(DateTimeOffset now)
    {
        while (_leasedActivities.Count > 0 && _leasedActivities.Min.Until <= now)
        {
            var (_, order) = _leasedActivities.Min;
            _leasedActivities.Remove(_leasedActivities.Min);
            if (_leasedActivityRows.Remove(order, out var row))
            {
                _activityQueue[order] = row;
            }
        }
    }

    /// <summary>Files the execution under ready (a visible pending event) and/or future (its earliest timer).</summary>
    private void Touch(Execution execution)
    {
        if (execution.Status != WorkflowStatus.Running || execution.Pending.Count == 0)
        {
            _ready.Remove(execution.Order);
            return;
        }

        var now = Now;
        bool visible = false;
        DateTimeOffset? future = null;
        foreach (var e in execution.Pending)
        {
            if (e.VisibleAt is not { } at || at <= now)
            {
                visible = true;
            }
            else if (future is null || at < future)
            {
                future = at;
            }
        }

        if (visible && (execution.LockToken is null || execution.LockedUntil <= now))
        {
            _ready.Add(execution.Order);
        }
        else
        {
            _ready.Remove(execution.Order);
        }

        // One queue entry per execution and due time: re-filed only when an earlier timer appears.
        if (future is { } due && (execution.FutureDue is null || due < execution.FutureDue))
        {
            execution.FutureDue = due;
            _future.Enqueue(execution, due);
        }
    }

    private void PromoteDue(DateTimeOffset now)
    {
        while (_leasedExecutions.Count > 0 && _leasedExecutions.Min.Until <= now)
        {
            var (_, order) = _leasedExecutions.Min;
            _leasedExecutions.Remove(_leasedExecutions.Min);
            if (_running.TryGetValue(order, out var lapsed))
            {
                Touch(lapsed);
            }
        }

        while (_future.TryPeek(out var execution, out var due) && due <= now)
        {
            _future.Dequeue();
            if (execution.FutureDue == due)
            {
                execution.FutureDue = null;
                Touch(execution);
            }
        }
    }

    /// <summary>The delay before a failed workflow task is offered again: doubling per consecutive failure, capped at five minutes.</summary>
    public static TimeSpan PoisonBackoff(TimeSpan first, int failures)
    {
        var cap = TimeSpan.FromMinutes(5);
        double factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return first.Ticks * factor >= cap.Ticks ? (first > cap ? first : cap) : TimeSpan.FromTicks((long)(first.Ticks * factor));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _workflowSignal.Notify();
        _activitySignal.Notify();
        return ValueTask.CompletedTask;
    }

    private sealed class Execution(WorkflowInstance instance, string name, string queue, DateTimeOffset createdAt, long order)
    {
        public WorkflowInstance Instance { get; } = instance;
        public string Name { get; } = name;
        public string Queue { get; } = queue;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public long Order { get; } = order;
        public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
        public DateTimeOffset? CompletedAt { get; set; }
        public string? Result { get; set; }
        public WorkflowError? Error { get; set; }
        public ParentReference? Parent { get; init; }
        public WorkflowMetadata? Metadata { get; init; }
        public string? LockToken { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
        public DateTimeOffset? NotBefore { get; set; }
        public WorkflowError? LastTaskError { get; set; }
        public int TaskFailures { get; set; }
        public DateTimeOffset? FutureDue { get; set; }
        public HashSet<string> ActivityIds { get; } = new(StringComparer.Ordinal);
        public List<HistoryEvent> History { get; } = [];
        public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);
        public List<HistoryEvent> Pending { get; } = [];

        public bool HasVisibleEvent(DateTimeOffset now)
        {
            foreach (var e in Pending)
            {
                if (e.VisibleAt is null || e.VisibleAt <= now)
                {
                    return true;
                }
            }

            return false;
        }

        public WorkflowInstanceState ToState() => new()
        {
            Instance = Instance,
            WorkflowName = Name,
            Queue = Queue,
            Status = Status,
            CreatedAt = CreatedAt,
            CompletedAt = CompletedAt,
            Result = Result,
            Error = Error,
            Parent = Parent,
            LastTaskError = LastTaskError,
            Metadata = Metadata,
        };
    }

    private sealed class ActivityRow(string id, WorkflowInstance instance, string queue, HistoryEvent scheduled, long order)
    {
        public string Id { get; } = id;
        public WorkflowInstance Instance { get; } = instance;
        public string Queue { get; } = queue;
        public HistoryEvent Event { get; } = scheduled;
        public long Order { get; } = order;
        public string? LockToken { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
        public DateTimeOffset? NotBefore { get; set; }
    }
}
