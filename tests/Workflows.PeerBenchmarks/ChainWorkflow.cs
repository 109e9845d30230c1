using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Workflows.PeerBenchmarks;

/// <summary>W1 in WorkflowCore's builder form: ten steps, each adding one to the workflow's data.</summary>
internal sealed class ChainWorkflow : IWorkflow<ChainData>
{
    public const int Steps = 10;

    public const string Id = "Chain";

    string IWorkflow<ChainData>.Id => Id;

    public int Version => 1;

    public void Build(IWorkflowBuilder<ChainData> builder)
    {
        var step = builder.StartWith<AddOne>()
            .Input(s => s.Value, d => d.Value)
            .Output(d => d.Value, s => s.Result);
        for (int i = 1; i < Steps; i++)
        {
            step = step.Then<AddOne>()
                .Input(s => s.Value, d => d.Value)
                .Output(d => d.Value, s => s.Result);
        }
    }
}
