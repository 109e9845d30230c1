namespace Workflows;

/// <summary>Identifies one execution of a workflow instance.</summary>
/// <param name="InstanceId">The user-chosen (or generated) instance id.</param>
/// <param name="ExecutionId">The execution, new on every start and continue-as-new.</param>
public sealed record WorkflowInstance(string InstanceId, string ExecutionId)
{
    /// <inheritdoc />
    public override string ToString() => $"{InstanceId}/{ExecutionId}";
}
