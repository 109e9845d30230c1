using Workflows.Interceptors;

namespace Workflows;

public sealed partial class WorkflowContext
{
    // Outbound calls pass through the worker's interceptors. This is workflow code: the chain runs on the scheduler,
    // in the same order on every replay, and awaits nothing itself.
    private Task<object?> CallActivity(string name, ActivityOptions? options, object?[] args, Type resultType)
    {
        var interceptors = _executor.Interceptors;
        if (interceptors.Count == 0)
        {
            return ScheduleActivity<object?>(name, options, args, resultType);
        }

        var call = InterceptorChain.Build<IWorkflowWorkerInterceptor, ActivityCallInput, Task<object?>>(
            interceptors,
            input => input.Context.ScheduleActivity<object?>(input.Name, input.Options, [.. input.Arguments], input.ResultType),
            static (i, input, next) => i.CallActivityAsync(input, next));
        return call(new ActivityCallInput(this, name, options, args, resultType));
    }

    private Task<object?> CallSubWorkflow(string name, SubWorkflowOptions? options, object?[] args, Type resultType)
    {
        var interceptors = _executor.Interceptors;
        if (interceptors.Count == 0)
        {
            return ScheduleSubWorkflow<object?>(name, options, args, resultType);
        }

        var call = InterceptorChain.Build<IWorkflowWorkerInterceptor, SubWorkflowCallInput, Task<object?>>(
            interceptors,
            input => input.Context.ScheduleSubWorkflow<object?>(input.Name, input.Options, [.. input.Arguments], input.ResultType),
            static (i, input, next) => i.CallSubWorkflowAsync(input, next));
        return call(new SubWorkflowCallInput(this, name, options, args, resultType));
    }
}
