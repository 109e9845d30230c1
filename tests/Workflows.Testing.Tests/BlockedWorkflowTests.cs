using Workflows.Worker;

namespace Workflows.Testing.Tests;

public sealed class BlockedWorkflowTests
{
    [Fact]
    public async Task RunAsync_WaitsForSignalNobodySends_FailsListingTheSignal()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Wait", async (WorkflowContext ctx) =>
        {
            await ctx.DelayAsync(TimeSpan.FromHours(1));
            return await ctx.Signals<bool>("approved").ReceiveAsync();
        });
        await using var tester = new WorkflowTester(registry);

        var error = await Assert.ThrowsAsync<WorkflowBlockedException>(() => tester.RunAsync("Wait"));

        Assert.Equal(["signal 'approved'"], error.Waits);
        Assert.Contains("Workflow 'Wait'", error.Message);
        Assert.Contains("is blocked", error.Message);
        Assert.Equal(TimeSpan.FromHours(1), tester.Elapsed);
        Assert.False(tester.WorkflowFinished);
        Assert.Equal(WorkflowStatus.Running, tester.Status);
        Assert.Contains(tester.History, e => e.Type == Workflows.History.EventType.TimerFired);
    }

    [Fact]
    public async Task RunAsync_BlockedInSubWorkflow_ListsParentAndChildWaits()
    {
        var registry = new WorkflowRegistry()
            .AddWorkflow("Parent", async (WorkflowContext ctx) =>
            {
                var child = ctx.ExecuteSubWorkflowAsync<string>("Child", new SubWorkflowOptions { InstanceId = "child-1" });
                var go = ctx.Signals<string>("go").ReceiveAsync();
                await ctx.WhenAll(child, go);
                return child.Result;
            })
            .AddWorkflow("Child", async (WorkflowContext ctx) => await ctx.Signals<string>("input").ReceiveAsync());
        await using var tester = new WorkflowTester(registry);

        var error = await Assert.ThrowsAsync<WorkflowBlockedException>(() => tester.RunAsync("Parent"));

        Assert.Contains("signal 'go'", error.Waits);
        Assert.Contains("sub-workflow 'Child' (instance 'child-1')", error.Waits);
        Assert.Contains("[sub-workflow 'Child' 'child-1'] signal 'input'", error.Waits);
    }

    [Fact]
    public async Task RunAsync_SignalCallbackPending_DoesNotReportBlockedBeforeIt()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Wait", async (WorkflowContext ctx) => await ctx.Signals<bool>("approved").ReceiveAsync());
        await using var tester = new WorkflowTester(registry);
        tester.SignalAt(TimeSpan.FromDays(400), "approved", true);

        Assert.True(await tester.ExecuteAsync<bool>("Wait"));
        Assert.Equal(TimeSpan.FromDays(400), tester.Elapsed);
    }

    [Fact]
    public async Task RunAsync_WorkflowAwaitsTaskDelay_FailsWithTheRuntimeViolation()
    {
        // Breaks WF1003 on purpose: the runtime's guard is under test.
#pragma warning disable WF1003
        var registry = new WorkflowRegistry().AddWorkflow("Bad", async (WorkflowContext ctx) =>
        {
            await Task.Delay(TimeSpan.FromDays(1));
            return 1;
        });
#pragma warning restore WF1003
        await using var tester = new WorkflowTester(registry);

        var error = await Assert.ThrowsAsync<WorkflowTestException>(() => tester.RunAsync("Bad"));

        Assert.Contains("could not commit", error.Message);
        Assert.Contains("does not drive", error.Message);
    }

    [Fact]
    public async Task RunAsync_WorkflowNotRegistered_FailsNamingIt()
    {
        await using var tester = new WorkflowTester(new WorkflowRegistry());

        var error = await Assert.ThrowsAsync<WorkflowTestException>(() => tester.RunAsync("Missing"));

        Assert.Contains("'Missing'", error.Message);
        Assert.Contains("NotRegisteredException", error.Message);
    }
}
