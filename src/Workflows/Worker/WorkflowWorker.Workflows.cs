using Workflows.Backends;
using Workflows.History;
using Workflows.Runtime;

namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    private async Task ProcessWorkflowTaskAsync(WorkflowTask task, LeaseKeeper lease)
    {
        await using var keptUntilCommitted = lease;
        FaultPoints.Hit(FaultPoints.WorkflowClaimed);
        WorkflowTaskCompletion completion;
        WorkflowExecutor executor;
        try
        {
            executor = TakeCached(task) ?? new WorkflowExecutor(task.Instance, _registry, Options.PayloadConverter, _workflowLogger, Clock, _backend.Options.MaxPayloadSize, Options.MaxHistoryLength) { Interceptors = Options.Interceptors };
            IReadOnlyList<HistoryEvent> history = executor.LastSequenceId == task.LastSequenceId
                ? []
                : await _backend.GetWorkflowInstanceHistoryAsync(task.Instance, null, _abort.Token).ConfigureAwait(false);
            CountCacheUse(history.Count);
            completion = ExecuteIntercepted(executor, task, history);
            FaultPoints.Hit(FaultPoints.WorkflowExecuted);
        }
        catch (NotRegisteredException)
        {
            await HandleUnknownWorkflowAsync(task).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            // Non-determinism, a runtime violation, an unreadable history: the task cannot
            // commit. Nothing is written; the instance stays blocked (not failed) and is tried again later.
            WorkerLog.WorkflowTaskAbandoned(_logger, task.Instance, ex.Message);
            await AbandonAsync(task, WorkflowError.FromException(ex)).ConfigureAwait(false);
            return;
        }

        // Eager dispatch: the commit also claims, for this worker, activities it schedules that free slots can run now.
        int reserved = ReserveActivitySlots(completion);

        IReadOnlyList<ActivityTask> claimed = [];
        long commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            FaultPoints.Hit(FaultPoints.WorkflowCommitBefore);
            if (reserved > 0)
            {
                claimed = await CommitAsync(() => _eager!.CompleteWorkflowTaskAsync(task, completion, Options.Queues, reserved, CancellationToken.None), _backend.Options.WorkflowLockTimeout).ConfigureAwait(false);
            }
            else
            {
                await CommitAsync(async () =>
                {
                    await _backend.CompleteWorkflowTaskAsync(task, completion, CancellationToken.None).ConfigureAwait(false);
                    return true;
                }, _backend.Options.WorkflowLockTimeout).ConfigureAwait(false);
            }
        }
        catch (LeaseLostException)
        {
            WorkerLog.WorkflowLeaseLost(_logger, task.Instance);
            Diagnostics.Telemetry.LeaseLosses.Add(1, new KeyValuePair<string, object?>("workflows.task.kind", "workflow"));
            return;
        }
        catch (Exception ex)
        {
            // The commit's fate is unknown to us; the fenced abandon is a no-op if it landed. Eagerly claimed
            // activities, if it did land, are picked up by any worker once their lease lapses.
            WorkerLog.WorkflowCommitFailed(_logger, task.Instance, ex);
            await AbandonAsync(task, WorkflowError.FromException(ex), TimeSpan.Zero).ConfigureAwait(false);
            return;
        }
        finally
        {
            // Slots that did not get an activity go back; each claimed one is released when its activity ends.
            if (reserved > claimed.Count)
            {
                _activitySlots.Release(reserved - claimed.Count);
            }
        }

        FaultPoints.Hit(FaultPoints.WorkflowCommitAfter);
        RecordCommitted(completion, executor.Context.WorkflowName, commitStarted);
        if (task.NewEvents.Any(e => e.Type == EventType.TimerFired))
        {
            FaultPoints.Hit(FaultPoints.TimerFired);
        }

        if (!completion.Status.IsFinished())
        {
            _cache?.Put(executor);
        }

        foreach (var activity in claimed)
        {
            TrackActivityTask(activity);
        }
    }

    // The cached executor of the task's instance, when it is where the history is; one that fell behind (another worker
    // ran a task of the instance meanwhile) is dropped and counted.
    private WorkflowExecutor? TakeCached(WorkflowTask task)
    {
        if (_cache?.TryTake(task.Instance) is not { } cached)
        {
            return null;
        }

        if (cached.LastSequenceId == task.LastSequenceId)
        {
            return cached;
        }

        ExecutorCache.CountEviction(cached, "stale");
        return null;
    }

    /// <summary>
    /// A deployment problem, not a workflow failure: the task is offered back (with the backend's doubling back-off)
    /// for a worker that knows the name, and after <see cref="WorkflowWorkerOptions.UnknownWorkflowMaxAttempts"/>
    /// offers from this worker the instance is parked, still running, with an error that names the workflow and the
    /// queue as its last task error.
    /// </summary>
    private async Task HandleUnknownWorkflowAsync(WorkflowTask task)
    {
        // The backend's count of failed attempts survives restarts and is shared by every worker; this worker's own
        // count covers claims that do not carry it (eager claims, backends that do not say).
        int attempt = Math.Max(task.FailedAttempts + 1, _unknownWorkflowAttempts.AddOrUpdate(task.Instance, 1, (_, n) => n + 1));
        int max = Math.Max(1, Options.UnknownWorkflowMaxAttempts);
        bool park = attempt >= max;
        var error = new WorkflowError(
            typeof(NotRegisteredException).FullName!,
            $"Workflow '{task.WorkflowName}' is not registered on any worker polling queue '{task.Queue}'"
            + (park ? $"; the instance was parked after {attempt} attempts." : $" (attempt {attempt} of {max})."),
            NonRetryable: true);
        if (park)
        {
            _unknownWorkflowAttempts.TryRemove(task.Instance, out _);
            WorkerLog.WorkflowParked(_logger, task.WorkflowName, task.Queue, task.Instance, attempt);
        }
        else
        {
            WorkerLog.WorkflowNotRegistered(_logger, task.WorkflowName, task.Queue, task.Instance, attempt);
        }

        // A back-off past the end of time parks the instance in every backend.
        await AbandonAsync(task, error, park ? TimeSpan.MaxValue : null).ConfigureAwait(false);
    }

    // Free activity slots for the activities a commit schedules, which it then claims for this worker: as many as it
    // schedules, less the `held` slots the caller already has for them.
    private int ReserveActivitySlots(WorkflowTaskCompletion completion, int held = 0)
    {
        int reserved = 0;
        if (_eager is not null && !completion.Status.IsFinished() && !_stopPolling.IsCancellationRequested)
        {
            while (held + reserved < completion.Activities.Count && _activitySlots.Wait(0))
            {
                reserved++;
            }
        }

        return reserved;
    }

    private async Task AbandonAsync(WorkflowTask task, WorkflowError error, TimeSpan? retryAfter = null)
    {
        try
        {
            await _backend.AbandonWorkflowTaskAsync(task, error, retryAfter ?? Options.WorkflowTaskRetryDelay, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The lease will lapse on its own.
            WorkerLog.WorkflowCommitFailed(_logger, task.Instance, ex);
        }
    }
}
