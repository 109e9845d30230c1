using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Workflows.Backends;
using Workflows.Runtime;

namespace Workflows.Worker;

/// <summary>
/// Polls a backend for workflow and activity tasks on its queues and runs them: workflow tasks on the replay
/// executor (cached between tasks), activities on the thread pool. Renews leases while work runs and stops
/// gracefully: in-flight work finishes, or, when the stop is cut short, is released for another worker.
/// </summary>
public sealed partial class WorkflowWorker : IAsyncDisposable
{
    // Tasks one poll may claim at once: enough to fill free slots quickly after a burst of starts or a fan-out, few
    // enough that one worker does not take a whole backlog from the others.
    private const int MaxClaimsPerPoll = 32;

    private readonly IBackend _backend;
    private readonly IEagerDispatchBackend? _eager;
    private readonly IFusedStepBackend? _fused;
    private readonly IBatchClaimBackend? _batchClaims;

    // Renews leases on the renewal thread itself, for backends whose asynchronous I/O completes on the thread pool.
    private readonly ISynchronousLeaseRenewal? _syncLeases;
    private readonly WorkflowRegistry _registry;
    private readonly ILogger _logger;
    private readonly ILogger _workflowLogger;
    private readonly ExecutorCache? _cache;
    private readonly SemaphoreSlim _workflowSlots;
    private readonly SemaphoreSlim _activitySlots;
    private readonly CancellationTokenSource _stopPolling = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly ConcurrentDictionary<string, int> _unknownActivityAttempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<WorkflowInstance, int> _unknownWorkflowAttempts = new();

    // Activities of each instance this worker is running or completing. A result runs its workflow task ahead only
    // when it is the instance's only one: with others still to come, their results would reach the instance first
    // and the task that ran ahead could not commit.
    private readonly Dictionary<WorkflowInstance, int> _activitiesPerInstance = [];
    private readonly List<Task> _pollers = [];
    private readonly Dictionary<string, ActivityDefinition> _builtInActivities;
    private LeaseRenewer? _leases;
    private Diagnostics.BacklogGauges.Monitor? _backlog;
    private int _state; // 0 new, 1 started, 2 stopped
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates a worker; call <see cref="StartAsync"/> to begin polling.</summary>
    /// <exception cref="InvalidIdentifierException">A queue in the options breaks the identifier rules.</exception>
    public WorkflowWorker(IBackend backend, WorkflowRegistry registry, WorkflowWorkerOptions? options = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Options = options ?? new WorkflowWorkerOptions();
        foreach (string queue in Options.Queues)
        {
            // An empty or altered queue name would poll a queue no client can start work on.
            Identifiers.Check(queue, Identifiers.Queue);
        }

        _eager = Options.EagerDispatch ? backend as IEagerDispatchBackend : null;
        _fused = _eager is not null && Options.EnableExecutorCache ? backend as IFusedStepBackend : null;
        _batchClaims = backend as IBatchClaimBackend;
        _syncLeases = backend as ISynchronousLeaseRenewal;
        _logger = Options.LoggerFactory.CreateLogger<WorkflowWorker>();
        _workflowLogger = Options.LoggerFactory.CreateLogger("Workflows.Workflow");
        _cache = Options.EnableExecutorCache ? new ExecutorCache(Options.ExecutorCacheSize, Options.ExecutorCacheIdleTime, Clock) : null;
        _workflowSlots = new SemaphoreSlim(Math.Max(1, Options.MaxParallelWorkflowTasks));
        _activitySlots = new SemaphoreSlim(Math.Max(1, Options.MaxParallelActivityTasks));
        var signal = BuiltInActivities.SignalWorkflowDefinition(_backend, Clock);
        var expire = AutoExpiration.RemoveDefinition(_backend, Clock, _logger);
        _builtInActivities = new(StringComparer.Ordinal) { [signal.Name] = signal, [expire.Name] = expire };
    }

    // One clock for client, worker and backend unless the worker's options name its own.
    private TimeProvider Clock => Options.TimeProvider ?? _backend.Options.TimeProvider;

    /// <summary>The options.</summary>
    public WorkflowWorkerOptions Options { get; }

    /// <summary>Starts the pollers.</summary>
    /// <exception cref="InvalidOperationException">The worker was started before.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The worker can be started once.");
        }

        _leases = new LeaseRenewer(Clock, _logger);
        if (Options.BacklogMetricsInterval > TimeSpan.Zero)
        {
            _backlog = new Diagnostics.BacklogGauges.Monitor(_backend, Options.Queues, Options.BacklogMetricsInterval, Clock, _logger);
            Diagnostics.BacklogGauges.Add(_backlog);
        }

        for (int i = 0; i < Options.WorkflowPollers; i++)
        {
            _pollers.Add(Task.Run(() => PollAsync(WorkKind.Workflow, _workflowSlots), CancellationToken.None));
        }

        for (int i = 0; i < Options.ActivityPollers; i++)
        {
            _pollers.Add(Task.Run(() => PollAsync(WorkKind.Activity, _activitySlots), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops polling and waits for in-flight work to finish. When <paramref name="cancellationToken"/> fires first,
    /// running activities are cancelled and released for another worker. A second call (a host may stop the worker
    /// and dispose it at the same time) waits for the first to finish.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        int previous = Interlocked.Exchange(ref _state, 2);
        if (previous == 0)
        {
            _stopped.TrySetResult(); // never started: nothing to wait for
        }

        if (previous != 1)
        {
            if (!_stopped.Task.IsCompleted)
            {
                using (cancellationToken.Register(_abort.Cancel))
                {
                    await _stopped.Task.ConfigureAwait(false);
                }
            }

            return;
        }

        try
        {
            await StopOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        if (_backlog is not null)
        {
            Diagnostics.BacklogGauges.Remove(_backlog);
        }

        await _stopPolling.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_pollers).ConfigureAwait(false);
        using (cancellationToken.Register(_abort.Cancel))
        {
            // Work in flight may hand on work it claimed eagerly; that is tracked before the work handing it on ends.
            while (!_inFlight.IsEmpty)
            {
                await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
                foreach (var done in _inFlight.Keys.Where(t => t.IsCompleted))
                {
                    _inFlight.TryRemove(done, out _);
                }
            }
        }

        _leases?.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopPolling.Dispose();
        _abort.Dispose();
        _workflowSlots.Dispose();
        _activitySlots.Dispose();
    }

    private async Task PollAsync(WorkKind kind, SemaphoreSlim slots)
    {
        var stop = _stopPolling.Token;
        var failurePause = TimeSpan.FromMilliseconds(50);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            bool started = false;
            NotePoll();
            try
            {
                if (_batchClaims is not null)
                {
                    started = kind == WorkKind.Workflow
                        ? await ClaimAndStartAsync(slots, (max, ct) => _batchClaims.GetWorkflowTasksAsync(Options.Queues, max, ct), TrackWorkflowTask, stop).ConfigureAwait(false)
                        : await ClaimAndStartAsync(slots, (max, ct) => _batchClaims.GetActivityTasksAsync(Options.Queues, max, ct), TrackActivityTask, stop).ConfigureAwait(false);
                }
                else if (kind == WorkKind.Workflow)
                {
                    var task = await _backend.GetWorkflowTaskAsync(Options.Queues, stop).ConfigureAwait(false);
                    if (task is not null)
                    {
                        TrackWorkflowTask(task);
                        started = true;
                    }
                }
                else
                {
                    var task = await _backend.GetActivityTaskAsync(Options.Queues, stop).ConfigureAwait(false);
                    if (task is not null)
                    {
                        TrackActivityTask(task);
                        started = true;
                    }
                }

                failurePause = TimeSpan.FromMilliseconds(50);
                if (!started)
                {
                    slots.Release();
                    await _backend.WaitForWorkAsync(kind, Options.Queues, Options.PollInterval, stop).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (stop.IsCancellationRequested)
            {
                // Stopping ends the poll, however the backend reports it: a driver may report its own cancellation
                // as a server error (MySqlConnector's "Query execution was interrupted"). The backends here never
                // cancel a claim's COMMIT, so a stop leaves no claim behind; one lost another way lapses with its lease.
                if (!started)
                {
                    slots.Release();
                }

                if (ex is not OperationCanceledException)
                {
                    WorkerLog.PollEndedByStop(_logger, kind, ex);
                }

                return;
            }
            catch (Exception ex)
            {
                // A poll that fails (database away, a bug) must never end the poller: log, back off, go on.
                if (!started)
                {
                    slots.Release();
                }

                WorkerLog.PollFailed(_logger, kind, ex);
                try
                {
                    await Task.Delay(failurePause, Clock, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                failurePause = TimeSpan.FromTicks(Math.Min(failurePause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// Claims as many tasks as there are free slots (up to <see cref="MaxClaimsPerPoll"/>) in one call, and starts
    /// them. Holds one slot on entry; returns false, still holding it, when nothing was claimed.
    /// </summary>
    private static async Task<bool> ClaimAndStartAsync<T>(SemaphoreSlim slots, Func<int, CancellationToken, Task<IReadOnlyList<T>>> claim, Action<T> start, CancellationToken stop)
    {
        int extra = 0;
        while (extra < MaxClaimsPerPoll - 1 && slots.Wait(0, CancellationToken.None))
        {
            extra++;
        }

        IReadOnlyList<T> tasks;
        try
        {
            tasks = await claim(extra + 1, stop).ConfigureAwait(false);
        }
        catch
        {
            if (extra > 0)
            {
                slots.Release(extra);
            }

            throw;
        }

        foreach (var task in tasks)
        {
            start(task);
        }

        // Each started task holds a slot until it ends; the first slot stays with the caller when none started.
        int unused = extra + 1 - tasks.Count - (tasks.Count == 0 ? 1 : 0);
        if (unused > 0)
        {
            slots.Release(unused);
        }

        return tasks.Count > 0;
    }

    // The lease is kept from the moment of the claim, not from when a pool thread first gets to the work: with
    // the pool busy (blocking activities), a claimed task may wait for a thread longer than its lease.
    private void TrackWorkflowTask(WorkflowTask task)
    {
        var lease = _leases!.Keep(_syncLeases is { } sync ? _ => Renew(() => sync.ExtendWorkflowTask(task)) : ct => _backend.ExtendWorkflowTaskAsync(task, ct), _backend.Options.WorkflowLockTimeout);
        Track(() => ProcessWorkflowTaskAsync(task, lease), _workflowSlots);
    }

    // An activity task starts on the caller's thread: it runs only bookkeeping before its body is handed to a
    // thread-pool thread of its own (RunActivityTaskAsync), so a second pool work item to reach that point would be
    // a thread hop per step that carries nothing. Workflow tasks keep theirs (Track): they run workflow code.
    // handOvers: how many fused steps in a row handed the task's slot on to it (ActivityHold).
    private void TrackActivityTask(ActivityTask task, int handOvers)
    {
        var lease = _leases!.Keep(_syncLeases is { } sync ? _ => Renew(() => sync.ExtendActivityTask(task)) : ct => _backend.ExtendActivityTaskAsync(task, ct), _backend.Options.ActivityLockTimeout);
        var hold = new ActivityHold(handOvers);
        Remember(ReleaseActivitySlotWhenDone(ProcessActivityTaskAsync(task, lease, hold), hold));
    }

    private void TrackActivityTask(ActivityTask task) => TrackActivityTask(task, handOvers: 0);

    // The slot goes back when the task ends, unless its fused step handed it on to the next activity or it went back
    // when the result went to its commit.
    private async Task ReleaseActivitySlotWhenDone(Task work, ActivityHold hold)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        finally
        {
            if (!hold.SlotHandedOn && !hold.SlotReleased)
            {
                _activitySlots.Release();
            }
        }
    }

    // A synchronous renewal runs to its end on the renewal thread (whose driver I/O needs no pool thread); its
    // outcome is handed back as a finished task.
    private static Task Renew(Action renewal)
    {
        try
        {
            renewal();
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>
    /// Runs a commit, and runs it again with back-off when it fails for a reason other than a lost lease, for up to
    /// half of <paramref name="leaseLength"/> while the lease stays renewed: work whose commit met a full disk or a
    /// database away for a moment is committed as soon as it can be, instead of waiting for its lease to lapse and
    /// running again. Retrying is safe because every commit is fenced on the lease token: one that landed after all
    /// makes the next attempt fail as lease lost. The last failure is thrown.
    /// </summary>
    private async Task<T> CommitAsync<T>(Func<Task<T>> commit, TimeSpan leaseLength)
    {
        long started = Clock.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await commit().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not LeaseLostException && !_abort.IsCancellationRequested
                && Clock.GetElapsedTime(started) + pause < leaseLength / 2)
            {
                WorkerLog.CommitRetried(_logger, pause, ex);
            }

            await Task.Delay(pause, Clock, _abort.Token).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    private void Track(Func<Task> work, SemaphoreSlim slots)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        });
        Remember(task);
    }

    private void Remember(Task task)
    {
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
