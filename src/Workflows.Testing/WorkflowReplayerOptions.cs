using Workflows.Serialization;

namespace Workflows.Testing;

/// <summary>Options of a <see cref="WorkflowReplayer"/>.</summary>
public sealed record WorkflowReplayerOptions
{
    /// <summary>The payload converter the workflows were recorded with.</summary>
    public IPayloadConverter PayloadConverter { get; init; } = JsonPayloadConverter.Default;

    /// <summary>
    /// The instance id to replay under. Exported histories do not carry it, yet it shapes the default instance ids
    /// of sub-workflows (<c>{instance id}:{schedule id}</c>), and <c>ctx.Random</c> and <c>ctx.NewGuid()</c> are seeded
    /// from it. When null, the replayer reads it off the history's default sub-workflow ids, else uses <c>replay</c>.
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>The execution id to replay under (see <see cref="InstanceId"/>).</summary>
    public string ExecutionId { get; init; } = "replay";

    /// <summary>
    /// The interceptors of the workers that recorded the histories (<see cref="Worker.WorkflowWorkerOptions.Interceptors"/>),
    /// in the same order. Their activity and sub-workflow calls run on replay as they ran live, so what they changed
    /// in a call is produced again and compared; without them such a history is reported as non-deterministic, which
    /// is what a worker without them would meet. Task and activity-execution interception does not run: nothing is
    /// committed and no activity runs.
    /// </summary>
    public IReadOnlyList<global::Workflows.Interceptors.IWorkflowWorkerInterceptor> Interceptors { get; init; } = [];
}
