namespace Workflows.Samples.Tests;

public sealed class HumanApprovalSampleTests
{
    [Fact]
    public async Task HumanApproval_Run_ApprovesOnTheRealBackendAndRemindsDailyOnTheMockClock()
    {
        string output = await SampleRun.RunAsync("HumanApproval", "--approve-after", "0.5");

        Assert.Contains("budget-2027.xlsx approved by Grace after 0 days and 0 reminders", output, StringComparison.Ordinal);
        Assert.Contains("[2000-01-02 00:00] mail to grace@example.com: reminder 1", output, StringComparison.Ordinal);
        Assert.Contains("[2000-01-03 00:00] mail to grace@example.com: reminder 2", output, StringComparison.Ordinal);
        Assert.Contains("budget-2027.xlsx approved by Grace after 2.5 days and 2 reminders", output, StringComparison.Ordinal);
        Assert.DoesNotContain("reminder 3", output, StringComparison.Ordinal);
    }
}
