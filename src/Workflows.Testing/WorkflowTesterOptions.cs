using Workflows.Serialization;

namespace Workflows.Testing;

/// <summary>Options of a <see cref="WorkflowTester"/>.</summary>
public sealed record WorkflowTesterOptions
{
    /// <summary>The mock clock's time when the workflow starts; 2000-01-01 UTC when null.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>The instance id of the workflow under test.</summary>
    public string InstanceId { get; init; } = "workflow-under-test";

    /// <summary>
    /// How long, in real time, a run may take before it fails. Only code that really runs counts (activities,
    /// workflow steps); mock time passes instantly.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The payload converter of the client, the worker and the mocks.</summary>
    public IPayloadConverter PayloadConverter { get; init; } = JsonPayloadConverter.Default;

    /// <summary>Whether the worker keeps executors between workflow tasks; false replays the whole history on every task.</summary>
    public bool EnableExecutorCache { get; init; } = true;

    /// <summary>
    /// Worker interceptors, as the workers of the application have them (<see cref="Worker.WorkflowWorkerOptions.Interceptors"/>):
    /// they wrap the workflow tasks, the activity attempts (mocked ones included) and the activity and sub-workflow
    /// calls of the workflow under test, so the history the tester records is the one a worker would.
    /// </summary>
    public IReadOnlyList<global::Workflows.Interceptors.IWorkflowWorkerInterceptor> Interceptors { get; init; } = [];
}
