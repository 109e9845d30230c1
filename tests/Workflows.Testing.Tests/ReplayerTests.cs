using Workflows.History;
using Workflows.Worker;

namespace Workflows.Testing.Tests;

/// <summary>
/// The replayer against the committed histories in <c>Histories/</c>. They were exported from real runs of
/// <see cref="HistoryWorkflows"/> (<c>discount-v1.json</c> by <see cref="HistoryWorkflows.DiscountV1"/>) with
/// <see cref="WorkflowTester.ExportHistoryAsync"/>; never edit them by hand.
/// </summary>
public sealed class ReplayerTests
{
    private static string HistoriesDirectory => Path.Combine(AppContext.BaseDirectory, "Histories");

    private static string HistoryPath(string name) => Path.Combine(HistoriesDirectory, name);

    [Fact]
    public async Task ReplayDirectoryAsync_CurrentCode_ReportsEachHistory()
    {
        var replayer = new WorkflowReplayer(HistoryWorkflows.CurrentRegistry());

        var results = await replayer.ReplayDirectoryAsync(HistoriesDirectory);

        Assert.Equal(["discount-v1.json", "fanout.json", "order.json"], results.Select(r => r.Name));
        Assert.True(results.Single(r => r.Name == "order.json").IsSuccess, results.Single(r => r.Name == "order.json").ToString());
        Assert.True(results.Single(r => r.Name == "fanout.json").IsSuccess, results.Single(r => r.Name == "fanout.json").ToString());
        Assert.False(results.Single(r => r.Name == "discount-v1.json").IsSuccess);
    }

    [Fact]
    public async Task ReplayFilesAsync_HistoryOfOlderVersion_ReportsSequenceIdAndBothSides()
    {
        var replayer = new WorkflowReplayer(HistoryWorkflows.CurrentRegistry());

        var result = Assert.Single(await replayer.ReplayFilesAsync([HistoryPath("discount-v1.json")]));

        Assert.True(result.IsNonDeterminism);
        Assert.Equal("Discount", result.WorkflowName);
        Assert.Equal(6, result.SequenceId);
        Assert.Contains("ActivityScheduled(2) Charge", result.Recorded);
        Assert.Equal("ActivityScheduled(2) ApplyDiscount", result.Produced);
        Assert.Contains("sequence id 6", result.Message);
        Assert.Contains("NON-DETERMINISM at sequence id 6", result.ToString());
    }

    [Fact]
    public async Task ReplayFilesAsync_HistoryOfOlderVersionAgainstThatVersion_Succeeds()
    {
        var replayer = new WorkflowReplayer(new WorkflowRegistry().AddWorkflow("Discount", HistoryWorkflows.DiscountV1));

        var result = Assert.Single(await replayer.ReplayFilesAsync([HistoryPath("discount-v1.json")]));

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public async Task EnsureSuccess_OneNonDeterministicHistory_ThrowsListingIt()
    {
        var replayer = new WorkflowReplayer(HistoryWorkflows.CurrentRegistry());
        var results = await replayer.ReplayDirectoryAsync(HistoriesDirectory);

        var error = Assert.Throws<ReplayFailedException>(() => WorkflowReplayer.EnsureSuccess(results));

        var failure = Assert.Single(error.Failures);
        Assert.Equal("discount-v1.json", failure.Name);
        Assert.Contains("1 recorded history does not replay", error.Message);
        Assert.Contains("discount-v1.json: NON-DETERMINISM at sequence id 6", error.Message);
    }

    [Fact]
    public void EnsureSuccess_AllReplayed_DoesNotThrow()
    {
        var replayer = new WorkflowReplayer(HistoryWorkflows.CurrentRegistry());
        var results = new[] { replayer.ReplayJson(File.ReadAllText(HistoryPath("order.json")), "order") };

        WorkflowReplayer.EnsureSuccess(results);

        Assert.True(results[0].IsSuccess);
    }

    [Fact]
    public void Replay_HistoryOfRunningWorkflow_Succeeds()
    {
        var history = HistorySerializer.DeserializeHistory(File.ReadAllText(HistoryPath("order.json")));
        var replayer = new WorkflowReplayer(HistoryWorkflows.CurrentRegistry());

        // Up to the timer firing: the workflow now waits for its signal and has nothing new to say.
        var result = replayer.Replay(history.Take(8).ToList(), "order-running");

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Replay_WorkflowNotRegistered_FailsWithoutNonDeterminism()
    {
        var replayer = new WorkflowReplayer(new WorkflowRegistry());

        var result = replayer.ReplayJson(File.ReadAllText(HistoryPath("order.json")), "order");

        Assert.False(result.IsSuccess);
        Assert.False(result.IsNonDeterminism);
        Assert.IsType<NotRegisteredException>(result.Error);
        Assert.Null(result.SequenceId);
    }

    [Fact]
    public void ReplayJson_NotAHistory_FailsNamingTheInput()
    {
        var replayer = new WorkflowReplayer(HistoryWorkflows.CurrentRegistry());

        var result = replayer.ReplayJson("{ not json", "broken.json");

        Assert.False(result.IsSuccess);
        Assert.Contains("'broken.json' could not be read", result.Message);
    }

    [Fact]
    public async Task Replay_TesterHistoryAgainstChangedCode_ReportsWhereTheyPart()
    {
        var registry = new WorkflowRegistry().AddWorkflow("Remind", async (WorkflowContext ctx) =>
        {
            await ctx.DelayAsync(TimeSpan.FromDays(1));
            await ctx.ExecuteActivityAsync("Notify", null, "first");
            return "done";
        });
        await using var tester = new WorkflowTester(registry);
        tester.OnActivity("Notify").Returns(null);
        await tester.RunAsync("Remind");
        var changed = new WorkflowRegistry().AddWorkflow("Remind", async (WorkflowContext ctx) =>
        {
            await ctx.ExecuteActivityAsync("Notify", null, "first");
            await ctx.DelayAsync(TimeSpan.FromDays(1));
            return "done";
        });

        var same = new WorkflowReplayer(registry).Replay(tester.History, "same");
        var different = new WorkflowReplayer(changed).Replay(tester.History, "changed");

        Assert.True(same.IsSuccess, same.ToString());
        Assert.True(different.IsNonDeterminism);
        Assert.Equal(tester.History.First(e => e.Type == EventType.TimerScheduled).SequenceId, different.SequenceId);
        Assert.StartsWith("ActivityScheduled(1) Notify", different.Produced);
    }
}
