using Workflows.Backends;

namespace Workflows.Interceptors;

/// <summary>
/// Wraps what a worker runs: workflow tasks, activity executions, and the calls workflow code makes to activities
/// and sub-workflows. The interceptors of <see cref="Worker.WorkflowWorkerOptions.Interceptors"/> run in list order:
/// the first one sees a call first and its result last. Members not overridden pass the call on.
/// </summary>
/// <remarks>
/// <see cref="CallActivityAsync"/> and <see cref="CallSubWorkflowAsync"/> run as workflow code, on the workflow
/// scheduler and again on every replay: they must be deterministic (no clock, no I/O, no <c>ConfigureAwait(false)</c>),
/// and whatever they change in a call must be the same on replay, or the instance blocks with a non-determinism error.
/// </remarks>
public interface IWorkflowWorkerInterceptor
{
    /// <summary>Wraps one workflow task (replay and new events) before its commit; runs on the worker, synchronously.</summary>
    /// <param name="task">The claimed task.</param>
    /// <param name="next">Runs the task.</param>
    /// <returns>What the task commits.</returns>
    WorkflowTaskCompletion ExecuteWorkflowTask(WorkflowTask task, Func<WorkflowTask, WorkflowTaskCompletion> next) => next(task);

    /// <summary>Wraps one activity attempt; <see cref="ActivityContext.Current"/> is set. Runs on a thread-pool thread.</summary>
    /// <param name="context">The attempt.</param>
    /// <param name="next">Runs the activity and returns its result.</param>
    Task<object?> ExecuteActivityAsync(ActivityContext context, Func<Task<object?>> next) => next();

    /// <summary>Wraps an activity call made by workflow code (all its attempts). Workflow code: keep it deterministic.</summary>
    /// <param name="input">The call.</param>
    /// <param name="next">Schedules the activity and returns its result.</param>
    Task<object?> CallActivityAsync(ActivityCallInput input, Func<ActivityCallInput, Task<object?>> next) => next(input);

    /// <summary>Wraps a sub-workflow call made by workflow code. Workflow code: keep it deterministic.</summary>
    /// <param name="input">The call.</param>
    /// <param name="next">Starts the sub-workflow and returns its result.</param>
    Task<object?> CallSubWorkflowAsync(SubWorkflowCallInput input, Func<SubWorkflowCallInput, Task<object?>> next) => next(input);
}
