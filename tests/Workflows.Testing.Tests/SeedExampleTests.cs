using Workflows.Worker;

namespace Workflows.Testing.Tests;

/// <summary>The unit-testing example of the project's seed: one workflow, two activities, mocked and real.</summary>
public sealed class SeedExampleTests
{
    public static async Task<int> Workflow1(WorkflowContext ctx, string msg)
    {
        int r1 = await ctx.ExecuteActivityAsync<int>("Activity1", null, 35, 12);
        int r2 = await ctx.ExecuteActivityAsync<int>("Activity2", null);
        return r1 + r2;
    }

    public sealed class Activities
    {
        public int SharedState { get; set; }

        [Activity]
        public Task<int> Activity1(int a, int b) => Task.FromResult(a + b);

        [Activity]
        public Task<int> Activity2() => Task.FromResult(SharedState);
    }

    [Fact]
    public async Task Workflow1_BothActivitiesMocked_ReturnsSumOfMockedResults()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Workflow1", Workflow1);
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Activity1", 35, 12).Returns(47);
        tester.OnActivity("Activity2").Returns(12);

        int result = await tester.ExecuteAsync<int>("Workflow1", "");

        Assert.True(tester.WorkflowFinished);
        Assert.Equal(59, result);
        tester.AssertExpectations();
    }

    [Fact]
    public async Task Workflow1_SharedStateActivitiesRegisteredForReal_Returns59()
    {
        var act = new Activities { SharedState = 12 };
        var registry = new WorkflowRegistry().AddWorkflow("Workflow1", Workflow1).AddActivities(act);
        await using var tester = new WorkflowTester(registry);

        int result = await tester.ExecuteAsync<int>("Workflow1", "");

        Assert.Equal(59, result);
        Assert.Equal(WorkflowStatus.Completed, tester.Status);
    }

    [Fact]
    public async Task ExecuteAsync_StartedThroughClientStub_ReturnsTypedResult()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Workflow1", Workflow1);
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Activity1", Arg.Any, Arg.Any).Calls((int a, int b) => a + b);
        tester.OnActivity("Activity2").Returns(12);

        int result = await tester.ExecuteAsync((client, options) => client.StartWorkflowAsync<int>("Workflow1", options, "hello"));

        Assert.Equal(59, result);
    }

    [Fact]
    public async Task RunAsync_StartIgnoresGivenOptions_FailsSayingSo()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Workflow1", Workflow1);
        await using var tester = new WorkflowTester(registry);

        var error = await Assert.ThrowsAsync<WorkflowTestException>(
            () => tester.RunAsync((client, _) => client.StartWorkflowAsync("Workflow1", new() { InstanceId = "elsewhere" }, "x")));

        Assert.Contains("did not start a workflow with instance id 'workflow-under-test'", error.Message);
    }
}
