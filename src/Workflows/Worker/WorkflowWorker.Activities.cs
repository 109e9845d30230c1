using Workflows.Backends;
using Workflows.History;
using Workflows.Runtime;

namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    /// <summary>
    /// How many fused steps in a row may hand one activity slot on (<see cref="ActivityHold"/>). A chain keeps its
    /// place on the worker for that many hand-overs; its next activity then waits its turn behind the queued work, so
    /// chains that never end cannot keep queued activities from a saturated worker.
    /// </summary>
    internal const int MaxSlotHandOvers = 16;

    /// <summary>
    /// What a running activity task holds on this worker: one activity slot, and (with fused steps) a place in its
    /// instance's count of running activities. A fused step whose workflow task schedules activities hands the slot
    /// on to the first one it claims, so a chain of sequential steps keeps its place while the worker is saturated
    /// instead of queueing behind every activity scheduled since (which spreads the worker over every instance alive
    /// at once, each step finding its instance's rows cold). The worker finishes what it started; see
    /// <see cref="MaxSlotHandOvers"/> for the bound.
    /// </summary>
    private sealed class ActivityHold(int handOvers)
    {
        /// <summary>How many fused steps in a row handed the slot on before it reached this task.</summary>
        public int HandOvers { get; } = handOvers;

        /// <summary>The slot went to the next activity: it is not released when this task ends.</summary>
        public bool SlotHandedOn { get; set; }

        /// <summary>The slot went back when the result went to its commit (<see cref="ReleaseSlotForCommit"/>).</summary>
        public bool SlotReleased { get; set; }

        /// <summary>The task left its instance's count early, when its fused step committed.</summary>
        public bool LeftInstance { get; set; }
    }

    private async Task ProcessActivityTaskAsync(ActivityTask task, LeaseKeeper lease, ActivityHold hold)
    {
        if (_fused is null)
        {
            await RunActivityTaskAsync(task, lease, hold).ConfigureAwait(false);
            return;
        }

        lock (_activitiesPerInstance)
        {
            _activitiesPerInstance[task.Instance] = _activitiesPerInstance.GetValueOrDefault(task.Instance) + 1;
        }

        try
        {
            await RunActivityTaskAsync(task, lease, hold).ConfigureAwait(false);
        }
        finally
        {
            if (!hold.LeftInstance)
            {
                LeaveInstance(task.Instance);
            }
        }
    }

    private void LeaveInstance(WorkflowInstance instance)
    {
        lock (_activitiesPerInstance)
        {
            int left = _activitiesPerInstance[instance] - 1;
            if (left == 0)
            {
                _activitiesPerInstance.Remove(instance);
            }
            else
            {
                _activitiesPerInstance[instance] = left;
            }
        }
    }

    private bool IsOnlyActivityOf(WorkflowInstance instance)
    {
        lock (_activitiesPerInstance)
        {
            return _activitiesPerInstance.GetValueOrDefault(instance) == 1;
        }
    }

    private async Task RunActivityTaskAsync(ActivityTask task, LeaseKeeper lease, ActivityHold hold)
    {
        // The lease stays renewed until the result is committed: a completion that waits for a busy thread pool
        // must not find the activity taken over.
        await using var keptUntilCommitted = lease;
        var attributes = task.Attributes;
        if (!_builtInActivities.TryGetValue(attributes.Name, out var definition) && !_registry.TryGetActivity(attributes.Name, out definition))
        {
            await HandleUnknownActivityAsync(task, hold).ConfigureAwait(false);
            return;
        }

        HistoryEvent? result = null;

        // The activity's token fires when the worker stops, the lease is lost, or the start-to-close timeout passes
        // (a token source of its own only when there is one).
        using (var startToClose = attributes.StartToCloseTimeout is { } limit ? new CancellationTokenSource(limit, Clock) : null)
        using (var cancel = startToClose is null
            ? CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, lease.LeaseLost)
            : CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, lease.LeaseLost, startToClose.Token))
        {
            var previous = ActivityContext.Current;
            var run = BeginActivity(task);
            ActivityContext.Current = new ActivityContext(task.Instance, attributes.Name, task.ScheduledEvent.ScheduleEventId, attributes.Attempt, task.Queue, cancel.Token) { Headers = run.Headers };
            try
            {
                var arguments = new PayloadArguments(attributes.Inputs, Options.PayloadConverter, $"activity '{attributes.Name}'");

                // The body starts on a thread of its own, so a body that blocks (a synchronous driver call) cannot keep
                // this method from reaching the wait below. WaitAsync: an activity that ignores its token, or never
                // returns, still times out; its late result is discarded.
                var token = cancel.Token;
                var body = Task.Run(() => InvokeActivityAsync(definition, arguments, token), CancellationToken.None);
                var value = await body.WaitAsync(token).ConfigureAwait(false);
                FaultPoints.Hit(FaultPoints.ActivitySideEffect);
                string? payload = definition.ResultType is null ? null
                    : Serialization.PayloadLimits.Encode(Options.PayloadConverter, value, definition.ResultType, _backend.Options.MaxPayloadSize, $"result of activity '{attributes.Name}'");
                result = Completed(task, new ActivityCompletedAttributes(payload));
            }
            catch (OperationCanceledException) when (startToClose is { IsCancellationRequested: true } && !_abort.IsCancellationRequested && !lease.LeaseLost.IsCancellationRequested)
            {
                var timeout = new ActivityTimeoutException($"Activity '{attributes.Name}' (attempt {attributes.Attempt}) did not complete within its start-to-close timeout of {attributes.StartToCloseTimeout}.");
                result = Completed(task, new ActivityFailedAttributes(WorkflowError.FromException(timeout)));
            }
            catch (Exception ex) when (_abort.IsCancellationRequested && ex is OperationCanceledException)
            {
                // The worker is stopping: let another worker run the activity now rather than after the lease lapses.
                await _backend.AbandonActivityTaskAsync(task, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                // FromException never throws, even for an exception whose message or stack trace cannot be read.
                var error = WorkflowError.FromException(ex, WorkflowError.MaxTextLengthFor(_backend.Options.MaxPayloadSize));
                if (ex is ArgumentMismatchException or Serialization.PayloadException or Serialization.PayloadTooLargeException)
                {
                    // Retrying cannot fix arguments that do not fit the activity.
                    error = error with { NonRetryable = true };
                }

                result = Completed(task, new ActivityFailedAttributes(error));
            }
            finally
            {
                EndActivity(run, result);
                ActivityContext.Current = previous;
            }
        }

        if (lease.LeaseLost.IsCancellationRequested)
        {
            WorkerLog.ActivityLeaseLost(_logger, attributes.Name, task.Instance);
            Diagnostics.Telemetry.LeaseLosses.Add(1, new KeyValuePair<string, object?>("workflows.task.kind", "activity"));
            return;
        }

        await CompleteActivityAsync(task, result, hold).ConfigureAwait(false);
    }

    private HistoryEvent Completed(ActivityTask task, EventAttributes attributes)
        => HistoryEvent.Create(Clock.GetUtcNow(), attributes, task.ScheduledEvent.ScheduleEventId);

    private async Task CompleteActivityAsync(ActivityTask task, HistoryEvent result, ActivityHold hold)
    {
        // Eager dispatch: with a free workflow slot, the completion also claims the workflow task it makes ready.
        bool reserved = _eager is not null && !_stopPolling.IsCancellationRequested && _workflowSlots.Wait(0);
        if (reserved && _fused is not null && IsOnlyActivityOf(task.Instance) && _cache?.TryTake(task.Instance) is { } executor)
        {
            // This worker ran the instance's last task and kept its executor: run the woken task ahead on it.
            await CompleteWithWorkflowTaskAsync(task, result, executor, hold).ConfigureAwait(false);
            return;
        }

        ReleaseSlotForCommit(hold);
        await CompleteAndClaimAsync(task, result, reserved).ConfigureAwait(false);
    }

    /// <summary>
    /// A slot bounds the activities executing at once; an activity whose body has returned no longer executes. So the
    /// slot goes back before the result's commit, which the task still awaits under its lease: a poll can claim the
    /// next activity while the result waits for the database. The claim and the result then share the wait (on
    /// SQLite, often one commit and one sync) instead of taking it in turn. The results in flight stay few: on SQLite a
    /// claim is answered only after every write queued before it, and on a server backend results and claims wait for
    /// the same connection pool. Not for a fused step's result, whose slot may go on to the activity its task
    /// schedules.
    /// </summary>
    private void ReleaseSlotForCommit(ActivityHold hold)
    {
        hold.SlotReleased = true;
        _activitySlots.Release();
    }

    /// <summary>
    /// Runs the workflow task the result wakes on <paramref name="executor"/> and commits it with the result, in one
    /// transaction. Holds one workflow slot, which it releases or hands on.
    /// </summary>
    private async Task CompleteWithWorkflowTaskAsync(ActivityTask task, HistoryEvent result, WorkflowExecutor executor, ActivityHold hold)
    {
        long lastSequenceId = executor.LastSequenceId;
        WorkflowTaskCompletion completion;
        try
        {
            var woken = new WorkflowTask(task.Instance, LockToken: "", WorkflowName: "", Queue: "", lastSequenceId, [result]);
            completion = ExecuteIntercepted(executor, woken, []);
        }
        catch (Exception)
        {
            // The executor is dropped; the task is claimed as usual, replays from the history and meets the same
            // failure there, where it is reported and retried.
            await CompleteAndClaimAsync(task, result, reserved: true).ConfigureAwait(false);
            return;
        }

        // The first activity the step schedules may run on this activity's slot (ActivityHold); the others, and all
        // of them past MaxSlotHandOvers, on free slots only.
        bool handOn = hold.HandOvers < MaxSlotHandOvers && completion.Activities.Count > 0 && !completion.Status.IsFinished() && !_stopPolling.IsCancellationRequested;
        int freeSlots = ReserveActivitySlots(completion, handOn ? 1 : 0);
        int reservedActivities = freeSlots + (handOn ? 1 : 0);
        FusedStepResult? outcome = null;
        bool failed = false;
        long commitStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            FaultPoints.Hit(FaultPoints.ActivityCommitBefore);
            outcome = await _fused!.CompleteActivityAndWorkflowTaskAsync(task, result, lastSequenceId, completion, Options.Queues, reservedActivities, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            WorkerLog.ActivityLeaseLost(_logger, task.Attributes.Name, task.Instance);
        }
        catch (Exception ex)
        {
            // The executor is dropped; the result alone is committed below, with retries (fenced: a no-op if the
            // step landed after all), and the workflow task is claimed as usual.
            WorkerLog.ActivityCommitFailed(_logger, task.Attributes.Name, task.Instance, ex);
            failed = true;
        }
        finally
        {
            int claimed = outcome?.Activities.Count ?? 0;
            if (handOn && claimed > 0)
            {
                hold.SlotHandedOn = true;
                claimed--;
            }

            if (freeSlots > claimed)
            {
                _activitySlots.Release(freeSlots - claimed);
            }
        }

        if (failed)
        {
            await CompleteAndClaimAsync(task, result, reserved: true).ConfigureAwait(false);
            return;
        }

        if (outcome is not null)
        {
            FaultPoints.Hit(FaultPoints.ActivityCommitAfter);
        }

        if (outcome is { Committed: true })
        {
            RecordCommitted(completion, executor.Context.WorkflowName, commitStarted);
            if (!completion.Status.IsFinished())
            {
                _cache!.Put(executor);
            }

            _workflowSlots.Release();

            // This task is done with the instance: the next step's result must find it the only one running.
            LeaveInstance(task.Instance);
            hold.LeftInstance = true;
            for (int i = 0; i < outcome.Activities.Count; i++)
            {
                TrackActivityTask(outcome.Activities[i], i == 0 && hold.SlotHandedOn ? hold.HandOvers + 1 : 0);
            }

            return;
        }

        // Only the result was recorded: the executor ran ahead of the history and is dropped.
        if (outcome?.WorkflowTask is { } next)
        {
            TrackWorkflowTask(next);
        }
        else
        {
            _workflowSlots.Release();
        }
    }

    private async Task CompleteAndClaimAsync(ActivityTask task, HistoryEvent result, bool reserved)
    {
        WorkflowTask? next = null;
        try
        {
            FaultPoints.Hit(FaultPoints.ActivityCommitBefore);
            if (reserved)
            {
                next = await CommitAsync(() => _eager!.CompleteActivityTaskAsync(task, result, Options.Queues, CancellationToken.None), _backend.Options.ActivityLockTimeout).ConfigureAwait(false);
            }
            else
            {
                await CommitAsync(async () =>
                {
                    await _backend.CompleteActivityTaskAsync(task, result, CancellationToken.None).ConfigureAwait(false);
                    return true;
                }, _backend.Options.ActivityLockTimeout).ConfigureAwait(false);
            }

            FaultPoints.Hit(FaultPoints.ActivityCommitAfter);
        }
        catch (LeaseLostException)
        {
            // Another worker took the activity over and will (or did) record its own result: ours is a duplicate.
            WorkerLog.ActivityLeaseLost(_logger, task.Attributes.Name, task.Instance);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // The worker stops while the database refuses the commit: the activity runs again once its lease lapses.
        }
        catch (Exception ex)
        {
            WorkerLog.ActivityCommitFailed(_logger, task.Attributes.Name, task.Instance, ex);
            await RecordNotCommittedAsync(task, result, ex).ConfigureAwait(false);
        }
        finally
        {
            if (reserved && next is null)
            {
                _workflowSlots.Release();
            }
        }

        if (next is not null)
        {
            TrackWorkflowTask(next);
        }
    }

    /// <summary>
    /// After a completion failed to commit, records a small failure in its place. A completion the database refuses
    /// (too large for the server, a value it cannot store) would be refused again after every lease; this way the
    /// workflow sees the failure and its retry policy decides. Fenced like any completion: when the first commit
    /// landed after all, or another worker took the activity over, this one is dropped.
    /// <para>
    /// A refusal and an outage can look the same (a server that drops an oversized packet breaks the connection as a
    /// restart does), so the database is asked first: only when it answers (the lease is renewed) and the completion
    /// then fails again is it taken as refused. While it does not answer, nothing is written and the activity runs
    /// again once its lease lapses; a failure written as soon as a restarted server is back would turn an outage into
    /// a failed attempt.
    /// </para>
    /// </summary>
    private async Task RecordNotCommittedAsync(ActivityTask task, HistoryEvent result, Exception commitError)
    {
        var attributes = task.Attributes;
        try
        {
            await _backend.ExtendActivityTaskAsync(task, CancellationToken.None).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            return;
        }
        catch (Exception probe)
        {
            WorkerLog.ActivityCommitUnreachable(_logger, attributes.Name, task.Instance, probe);
            return;
        }

        try
        {
            // The database answers: one more try, in case the first commit failed while it was away.
            await _backend.CompleteActivityTaskAsync(task, result, CancellationToken.None).ConfigureAwait(false);
            return;
        }
        catch (LeaseLostException)
        {
            return;
        }
        catch (Exception again)
        {
            commitError = again;
        }

        string what = result.Attributes is ActivityFailedAttributes ? "failure" : "result";
        var refused = new CompletionNotCommittedException(
            $"The {what} of activity '{attributes.Name}' (attempt {attributes.Attempt}) of instance '{task.Instance.InstanceId}' could not be committed: "
            + $"{commitError.GetType().FullName}: {WorkflowError.FromException(commitError, 1024).Message}");
        var error = WorkflowError.FromException(refused) with { StackTrace = null };
        try
        {
            await _backend.CompleteActivityTaskAsync(task, Completed(task, new ActivityFailedAttributes(error)), CancellationToken.None).ConfigureAwait(false);
            WorkerLog.ActivityFailedInstead(_logger, attributes.Name, task.Instance);
        }
        catch (LeaseLostException)
        {
            // The first commit landed after all, or another worker owns the activity now.
        }
        catch (Exception ex)
        {
            WorkerLog.ActivityCommitFailed(_logger, attributes.Name, task.Instance, ex);
        }
    }

    private async Task HandleUnknownActivityAsync(ActivityTask task, ActivityHold hold)
    {
        // A deployment problem, not a workflow failure: offer it back for a worker that knows the name, and
        // only after repeated offers fail it so the workflow is not stuck forever.
        int attempt = _unknownActivityAttempts.AddOrUpdate(task.ScheduledEvent.Id, 1, (_, n) => n + 1);
        WorkerLog.ActivityNotRegistered(_logger, task.Attributes.Name, attempt);
        if (attempt < Options.UnknownActivityMaxAttempts)
        {
            await _backend.AbandonActivityTaskAsync(task, Options.UnknownActivityRetryDelay, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        _unknownActivityAttempts.TryRemove(task.ScheduledEvent.Id, out _);
        var error = new WorkflowError(
            typeof(NotRegisteredException).FullName!,
            $"Activity '{task.Attributes.Name}' is not registered on any worker polling queue '{task.Queue}'.",
            NonRetryable: true);
        await CompleteActivityAsync(task, Completed(task, new ActivityFailedAttributes(error)), hold).ConfigureAwait(false);
    }
}
