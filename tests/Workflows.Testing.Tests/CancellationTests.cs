using Workflows.Worker;

namespace Workflows.Testing.Tests;

public sealed class CancellationTests
{
    private static WorkflowRegistry SlowRegistry() => new WorkflowRegistry()
        .AddWorkflow("Slow", (WorkflowContext ctx) => ctx.ExecuteActivityAsync<string>("Wait", null));

    [Fact]
    public async Task RunAsync_TokenCancelledWhileAnActivityRuns_ThrowsOperationCanceled()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var tester = new WorkflowTester(SlowRegistry());
        tester.OnActivity("Wait").Calls(async (_, ct) =>
        {
            running.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        using var cancel = new CancellationTokenSource();

        var run = tester.RunAsync("Slow", [], cancel.Token);
        await running.Task;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.False(tester.WorkflowFinished);
    }

    [Fact]
    public async Task ExecuteAsync_TokenAlreadyCancelled_StartsNothing()
    {
        await using var tester = new WorkflowTester(SlowRegistry());
        tester.OnActivity("Wait").Returns("done");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tester.ExecuteAsync<string>("Slow", [], new CancellationToken(canceled: true)));
        Assert.False(tester.WorkflowFinished);
    }
}
