namespace Workflows;

/// <summary>The target of generated typed activity calls: <c>ctx.Activities.ChargeAsync(order)</c>.</summary>
/// <param name="context">The workflow context the calls run in.</param>
public readonly struct ActivityStubs(WorkflowContext context)
{
    /// <summary>The workflow context the calls run in.</summary>
    public WorkflowContext Context { get; } = context;
}

/// <summary>The target of generated typed sub-workflow calls: <c>ctx.Workflows.ShipOrderAsync(order)</c>.</summary>
/// <param name="context">The workflow context the calls run in.</param>
public readonly struct SubWorkflowStubs(WorkflowContext context)
{
    /// <summary>The workflow context the calls run in.</summary>
    public WorkflowContext Context { get; } = context;
}
