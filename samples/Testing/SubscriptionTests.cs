using System.Globalization;
using Workflows;
using Workflows.Testing;
using Workflows.Worker;

namespace Testing;

public sealed class SubscriptionTests
{
    private static readonly Subscription Ada = new("ada", 9.5m);

    [Fact]
    public async Task Renew_NobodyCancels_ChargesTwiceAcrossThirtyThreeDaysInMilliseconds()
    {
        await using var tester = new WorkflowTester(new WorkflowRegistry().AddGeneratedWorkflows());
        tester.OnActivity("Charge", "ada", 9.5m).Calls((string customer, decimal amount) => string.Create(CultureInfo.InvariantCulture, $"charged {customer} {amount}")).Times(2);
        tester.OnActivity("SendReminder", "ada").Returns(null).Once();

        string result = await tester.ExecuteAsync((client, options) => client.StartRenewAsync(Ada, options));

        Assert.Equal("charged ada 9.5; charged ada 9.5", result);
        Assert.Equal(TimeSpan.FromDays(33), tester.Elapsed);   // mock time: the test took milliseconds
        tester.AssertExpectations();
    }

    [Fact]
    public async Task Renew_CancelledDuringGracePeriod_DoesNotChargeAgain()
    {
        await using var tester = new WorkflowTester(new WorkflowRegistry().AddGeneratedWorkflows());
        var charge = tester.OnActivity("Charge").Returns("receipt-1");
        tester.OnActivity("SendReminder").Returns(null);
        tester.SignalAt(TimeSpan.FromDays(31), "cancel", "too expensive");

        string result = await tester.ExecuteAsync((client, options) => client.StartRenewAsync(Ada, options));

        Assert.Equal("receipt-1; cancelled: too expensive", result);
        Assert.Equal(1, charge.CallCount);
        Assert.Equal(TimeSpan.FromDays(31), tester.Elapsed);
    }

    [Fact]
    public async Task Renew_CardDeclined_FailsWithTheActivityError()
    {
        await using var tester = new WorkflowTester(new WorkflowRegistry().AddGeneratedWorkflows());
        tester.OnActivity("Charge").Throws(new NonRetryableException("card declined"));

        await tester.RunAsync((client, options) => client.StartRenewAsync(Ada, options));

        Assert.Equal(WorkflowStatus.Failed, tester.Status);
        Assert.Contains("card declined", tester.Error!.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Histories recorded from earlier runs must still replay: a change that makes the code decide differently for a
    /// running instance fails here, before it is deployed.
    /// </summary>
    [Fact]
    public async Task RecordedHistories_ReplayAgainstCurrentCode()
    {
        var replayer = new WorkflowReplayer(new WorkflowRegistry().AddGeneratedWorkflows());

        var results = await replayer.ReplayDirectoryAsync(Path.Combine(AppContext.BaseDirectory, "Histories"));

        Assert.NotEmpty(results);
        WorkflowReplayer.EnsureSuccess(results);
    }

    [Fact]
    public async Task Replayer_ChangedWorkflow_ReportsNonDeterminism()
    {
        // The same history against a version that reminds before charging: the replayer names the first difference.
        var changed = new WorkflowRegistry().AddWorkflow("Renew", async (WorkflowContext ctx, Subscription s) =>
        {
            await ctx.ExecuteActivityAsync("SendReminder", null, s.Customer);
            return "changed";
        });
        string json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Histories", "renew-charged-twice.json"));

        var result = new WorkflowReplayer(changed).ReplayJson(json, "renew-charged-twice.json");

        Assert.True(result.IsNonDeterminism, result.Message);
        Assert.Contains("SendReminder", result.Produced, StringComparison.Ordinal);
    }
}
