using Workflows.Backends;
using Workflows.Interceptors;
using Workflows.Runtime;

namespace Workflows.Worker;

public sealed partial class WorkflowWorker
{
    private WorkflowTaskCompletion ExecuteIntercepted(WorkflowExecutor executor, WorkflowTask task, IReadOnlyList<History.HistoryEvent> history)
    {
        // The workflow code runs inside this call, on the workflow scheduler, so ctx.Logger's lines carry the scope.
        using var logScope = _logger.BeginScope(LogScope.ForWorkflowTask(task));
        if (Options.Interceptors.Count == 0)
        {
            return executor.Execute(task, history);
        }

        var run = InterceptorChain.Build<IWorkflowWorkerInterceptor, WorkflowTask, WorkflowTaskCompletion>(
            Options.Interceptors, t => executor.Execute(t, history), static (i, t, next) => i.ExecuteWorkflowTask(t, next));
        return run(task);
    }

    private Task<object?> InvokeIntercepted(ActivityInvoker invoker, PayloadArguments arguments, CancellationToken cancellationToken)
    {
        if (Options.Interceptors.Count == 0)
        {
            return invoker(arguments, cancellationToken);
        }

        var context = ActivityContext.Current!;
        var run = InterceptorChain.Build<IWorkflowWorkerInterceptor, ActivityContext, Task<object?>>(
            Options.Interceptors, _ => invoker(arguments, cancellationToken), static (i, c, next) => i.ExecuteActivityAsync(c, () => next(c)));
        return run(context);
    }
}
