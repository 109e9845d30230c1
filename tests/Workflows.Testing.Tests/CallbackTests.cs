using Workflows.History;
using Workflows.Worker;

namespace Workflows.Testing.Tests;

public sealed class CallbackTests
{
    private static WorkflowRegistry ApprovalRegistry() => new WorkflowRegistry().AddWorkflow("Approval", async (WorkflowContext ctx) =>
    {
        var start = ctx.Now;
        var decisions = ctx.Signals<string>("decision");
        string first = await decisions.ReceiveAsync();
        var firstAt = ctx.Now - start;
        string second = await decisions.ReceiveAsync();
        return FormattableString.Invariant($"{first}@{firstAt.TotalHours},{second}@{(ctx.Now - start).TotalHours}");
    });

    [Fact]
    public async Task SignalAt_TwoTimes_WorkflowReceivesEachAtItsTime()
    {
        await using var tester = new WorkflowTester(ApprovalRegistry());
        tester.SignalAt(TimeSpan.FromHours(2), "decision", "yes");
        tester.SignalAt(TimeSpan.FromHours(26), "decision", "final");

        Assert.Equal("yes@2,final@26", await tester.ExecuteAsync<string>("Approval"));
        Assert.Equal(TimeSpan.FromHours(26), tester.Elapsed);
    }

    [Fact]
    public async Task At_ArbitraryCallback_RunsAtItsMockTime()
    {
        await using var tester = new WorkflowTester(ApprovalRegistry());
        var seen = new List<TimeSpan>();
        tester.At(TimeSpan.FromMinutes(30), async control =>
        {
            seen.Add(control.Elapsed);
            await control.SignalAsync("decision", "a");
            await control.SignalAsync("decision", "b");
        });

        Assert.Equal("a@0.5,b@0.5", await tester.ExecuteAsync<string>("Approval"));
        Assert.Equal([TimeSpan.FromMinutes(30)], seen);
    }

    [Fact]
    public async Task CancelAt_DuringLongSleep_WorkflowCanceledAtThatTime()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Sleeper", async (WorkflowContext ctx) =>
        {
            await ctx.DelayAsync(TimeSpan.FromDays(10));
            return "woke";
        });
        await using var tester = new WorkflowTester(registry);
        tester.CancelAt(TimeSpan.FromDays(1));

        await tester.RunAsync("Sleeper");

        Assert.Equal(WorkflowStatus.Canceled, tester.Status);
        Assert.Equal(TimeSpan.FromDays(1), tester.Elapsed);
        Assert.Throws<WorkflowCanceledException>(() => tester.GetResult<string>());
        Assert.Contains(tester.History, e => e.Type == EventType.WorkflowCancellationRequested);
    }

    [Fact]
    public async Task CancelAt_WorkflowCleansUpOnDisconnectedContext_CleanupActivityRuns()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Tidy", async (WorkflowContext ctx) =>
        {
            try
            {
                await ctx.DelayAsync(TimeSpan.FromDays(10));
                return "woke";
            }
            catch (OperationCanceledException)
            {
                await ctx.Disconnected().ExecuteActivityAsync("Cleanup", null);
                throw;
            }
        });
        await using var tester = new WorkflowTester(registry);
        var cleanup = tester.OnActivity("Cleanup").Returns(null).Once();
        tester.CancelAt(TimeSpan.FromHours(3));

        await tester.RunAsync("Tidy");

        Assert.Equal(WorkflowStatus.Canceled, tester.Status);
        Assert.Equal(1, cleanup.CallCount);
    }

    [Fact]
    public async Task TerminateAt_WhileWaitingForSignal_WorkflowTerminatedWithReason()
    {
        await using var tester = new WorkflowTester(ApprovalRegistry());
        tester.TerminateAt(TimeSpan.FromDays(3), "nobody decided");

        await tester.RunAsync("Approval");

        Assert.Equal(WorkflowStatus.Terminated, tester.Status);
        Assert.Equal(TimeSpan.FromDays(3), tester.Elapsed);
        Assert.Contains("nobody decided", tester.Error!.Message);
        Assert.Equal(EventType.WorkflowExecutionTerminated, tester.History[^1].Type);
    }
}
