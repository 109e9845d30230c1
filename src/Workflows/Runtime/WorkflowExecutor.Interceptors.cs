using Workflows.Interceptors;

namespace Workflows.Runtime;

internal sealed partial class WorkflowExecutor
{
    /// <summary>The worker's interceptors, for the outbound calls of workflow code; none in replayers.</summary>
    public IReadOnlyList<IWorkflowWorkerInterceptor> Interceptors { get; init; } = [];
}
