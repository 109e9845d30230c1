using Workflows.Serialization;

namespace Workflows.Testing;

/// <summary>Options of a <see cref="WorkflowReplayer"/>.</summary>
public sealed record WorkflowReplayerOptions
{
    /// <summary>The payload converter the workflows were recorded with.</summary>
    public IPayloadConverter PayloadConverter { get; init; } = JsonPayloadConverter.Default;

    /// <summary>
    /// The instance id to replay under. Exported histories do not carry it; it matters only to workflows whose
    /// control flow depends on <c>ctx.InstanceId</c>, <c>ctx.Random</c> or <c>ctx.NewGuid()</c>.
    /// </summary>
    public string InstanceId { get; init; } = "replay";

    /// <summary>The execution id to replay under (see <see cref="InstanceId"/>).</summary>
    public string ExecutionId { get; init; } = "replay";
}
