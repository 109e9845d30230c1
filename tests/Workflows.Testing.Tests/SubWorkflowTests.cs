using Workflows.Worker;

namespace Workflows.Testing.Tests;

public sealed class SubWorkflowTests
{
    private static async Task<string> Parent(WorkflowContext ctx, string order)
    {
        string receipt = await ctx.ExecuteSubWorkflowAsync<string>("Ship", null, order, 3);
        return $"shipped:{receipt}";
    }

    private static async Task<string> Ship(WorkflowContext ctx, string order, int parcels)
    {
        await ctx.DelayAsync(TimeSpan.FromDays(2));
        return await ctx.ExecuteActivityAsync<string>("Label", null, order, parcels);
    }

    [Fact]
    public async Task OnSubWorkflow_Mocked_ParentGetsMockedResult()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Parent", Parent).AddWorkflow("Ship", Ship);
        await using var tester = new WorkflowTester(registry);
        var ship = tester.OnSubWorkflow("Ship", "o-1", Arg.Is<int>(n => n == 3)).Returns("R-9");

        Assert.Equal("shipped:R-9", await tester.ExecuteAsync<string>("Parent", "o-1"));
        Assert.Equal(1, ship.CallCount);
        Assert.Equal(TimeSpan.Zero, tester.Elapsed);
        tester.AssertExpectations();
    }

    [Fact]
    public async Task OnSubWorkflow_Throws_ParentSeesSubWorkflowFailure()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Parent", async (WorkflowContext ctx, string order) =>
        {
            try
            {
                return await ctx.ExecuteSubWorkflowAsync<string>("Ship", null, order, 3);
            }
            catch (SubWorkflowFailedException ex)
            {
                return $"failed:{ex.Error.Message}";
            }
        });
        await using var tester = new WorkflowTester(registry);
        tester.OnSubWorkflow("Ship").Throws(new InvalidOperationException("no trucks"));

        Assert.Equal("failed:no trucks", await tester.ExecuteAsync<string>("Parent", "o-1"));
    }

    [Fact]
    public async Task SubWorkflow_NotMocked_RunsForRealWithItsOwnActivityMocks()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Parent", Parent).AddWorkflow("Ship", Ship);
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Label", "o-2", 3).Returns("L-1");

        Assert.Equal("shipped:L-1", await tester.ExecuteAsync<string>("Parent", "o-2"));
        Assert.Equal(TimeSpan.FromDays(2), tester.Elapsed);
    }

    [Fact]
    public async Task OnSubWorkflow_NoMatchAndNotRegistered_FailsNamingTheCall()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Parent", Parent);
        await using var tester = new WorkflowTester(registry);
        tester.OnSubWorkflow("Ship", "other", Arg.Any).Returns("x");

        var error = await Assert.ThrowsAsync<WorkflowTestException>(() => tester.RunAsync("Parent", "o-3"));

        Assert.Contains("Sub-workflow 'Ship' was called with (\"o-3\", 3)", error.Message);
    }

    [Fact]
    public async Task RunAsync_ParallelActivitiesThenRealSubWorkflow_AllAnsweredAndSummed()
    {
        await using var tester = new WorkflowTester(HistoryWorkflows.CurrentRegistry());
        var square = tester.OnActivity("Square", Arg.Is<int>(n => n >= 0)).Calls((int n) => n * n).Times(5);

        Assert.Equal(0 + 1 + 4 + 9 + 16, await tester.ExecuteAsync<int>("FanOut", 5));
        Assert.Equal(5, square.CallCount);
        tester.AssertExpectations();
    }
}
