using Workflows.Backends;
using Workflows.History;
using Workflows.Runtime;

namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    private async Task ProcessWorkflowTaskAsync(WorkflowTask task)
    {
        await using var lease = new LeaseKeeper(ct => _backend.ExtendWorkflowTaskAsync(task, ct), _backend.Options.WorkflowLockTimeout, Clock, _logger);
        WorkflowTaskCompletion completion;
        WorkflowExecutor executor;
        try
        {
            executor = _cache?.TryTake(task.Instance) is { } cached && cached.LastSequenceId == task.LastSequenceId
                ? cached
                : new WorkflowExecutor(task.Instance, _registry, Options.PayloadConverter, _workflowLogger, Clock, _backend.Options.MaxPayloadSize, Options.MaxHistoryLength);
            IReadOnlyList<HistoryEvent> history = executor.LastSequenceId == task.LastSequenceId
                ? []
                : await _backend.GetWorkflowInstanceHistoryAsync(task.Instance, null, _abort.Token).ConfigureAwait(false);
            completion = executor.Execute(task, history);
        }
        catch (Exception ex)
        {
            // Non-determinism, a runtime violation, an unknown workflow, an unreadable history: the task cannot
            // commit. Nothing is written; the instance stays blocked (not failed) and is tried again later.
            WorkerLog.WorkflowTaskAbandoned(_logger, task.Instance, ex.Message);
            await AbandonAsync(task, WorkflowError.FromException(ex)).ConfigureAwait(false);
            return;
        }

        // Eager dispatch: the commit also claims, for this worker, activities it schedules that free slots can run now.
        int reserved = ReserveActivitySlots(completion);

        IReadOnlyList<ActivityTask> claimed = [];
        try
        {
            if (reserved > 0)
            {
                claimed = await _eager!.CompleteWorkflowTaskAsync(task, completion, Options.Queues, reserved, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _backend.CompleteWorkflowTaskAsync(task, completion, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (LeaseLostException)
        {
            WorkerLog.WorkflowLeaseLost(_logger, task.Instance);
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

        if (!completion.Status.IsFinished())
        {
            _cache?.Put(executor);
        }

        foreach (var activity in claimed)
        {
            Track(() => ProcessActivityTaskAsync(activity), _activitySlots);
        }
    }

    // Free activity slots for the activities a commit schedules, which it then claims for this worker.
    private int ReserveActivitySlots(WorkflowTaskCompletion completion)
    {
        int reserved = 0;
        if (_eager is not null && !completion.Status.IsFinished() && !_stopPolling.IsCancellationRequested)
        {
            while (reserved < completion.Activities.Count && _activitySlots.Wait(0))
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
