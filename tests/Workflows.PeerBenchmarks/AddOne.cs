using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Workflows.PeerBenchmarks;

/// <summary>W1's trivial activity as a WorkflowCore step: returns its input + 1.</summary>
internal sealed class AddOne : StepBody
{
    public int Value { get; set; }

    public int Result { get; set; }

    public override ExecutionResult Run(IStepExecutionContext context)
    {
        Result = Value + 1;
        return ExecutionResult.Next();
    }
}
