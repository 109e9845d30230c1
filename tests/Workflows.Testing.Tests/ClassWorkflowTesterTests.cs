using Workflows.Worker;

namespace Workflows.Testing.Tests;

[Workflow]
public sealed class ClassApproval
{
    private string? _decision;

    [WorkflowQuery]
    public string Stage { get; private set; } = "new";

    [WorkflowRun]
    public async Task<string> RunAsync(WorkflowContext ctx, string request)
    {
        Stage = "waiting";
        await ctx.WaitConditionAsync(() => _decision is not null);
        Stage = "reminding";
        await ctx.DelayAsync(TimeSpan.FromDays(1));
        Stage = "done";
        return request + ":" + _decision;
    }

    [WorkflowSignal]
    public void Decide(string decision) => _decision = decision;
}

/// <summary>The tester and the replayer with a workflow class: typed signals and queries through the generated handle.</summary>
public sealed class ClassWorkflowTesterTests
{
    private static WorkflowRegistry Registry() => new WorkflowRegistry().AddGeneratedWorkflows(new SeedExampleTests.Activities(), new TypedActivities());

    [Fact]
    public async Task ExecuteAsync_TypedSignalAndQueriesAtMockTimes_SeeEachStage()
    {
        await using var tester = new WorkflowTester(Registry());
        var stages = new List<string>();
        tester.At(TimeSpan.FromHours(1), async control =>
        {
            var handle = control.Client.GetClassApprovalHandle(control.InstanceId);
            stages.Add(await handle.QueryStageAsync());
            await handle.SignalDecideAsync("yes");
        });
        tester.At(TimeSpan.FromHours(2), async control => stages.Add(await control.Client.GetClassApprovalHandle(control.InstanceId).QueryStageAsync()));

        string result = await tester.ExecuteAsync<string>("ClassApproval", "leave");

        Assert.Equal("leave:yes", result);
        Assert.Equal(["waiting", "reminding"], stages);
        Assert.Equal(TimeSpan.FromHours(1) + TimeSpan.FromDays(1), tester.Elapsed);
    }

    [Fact]
    public async Task Replay_HistoryOfWorkflowClass_ReplaysCleanly()
    {
        await using var tester = new WorkflowTester(Registry());
        tester.At(TimeSpan.FromHours(1), control => control.Client.GetClassApprovalHandle(control.InstanceId).SignalDecideAsync("no"));
        await tester.ExecuteAsync<string>("ClassApproval", "trip");

        var result = new WorkflowReplayer(Registry()).Replay(tester.History, "class");

        Assert.True(result.IsSuccess, result.Message);
    }
}
