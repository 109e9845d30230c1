namespace Workflows.Samples.Tests;

public sealed class ErrorsSampleTests
{
    [Fact]
    public async Task Errors_Run_ReportsEachKindOfFailure()
    {
        string output = await SampleRun.RunAsync("Errors");

        Assert.Contains("Custom: ActivityFailedException from 'Charge', original type Errors.InsufficientFundsException", output, StringComparison.Ordinal);
        Assert.Contains("Wrapped: System.InvalidOperationException 'could not look up acct-9' caused by System.TimeoutException", output, StringComparison.Ordinal);
        Assert.Contains("Non-retryable: Errors.CardStolenException failed the call at once", output, StringComparison.Ordinal);
        Assert.Contains("The stolen card was tried 1 time(s)", output, StringComparison.Ordinal);
        Assert.Contains("Sub-workflow: SubWorkflowFailedException from 'Refund'", output, StringComparison.Ordinal);
        Assert.Contains("Unhandled: the client got WorkflowFailedException", output, StringComparison.Ordinal);
        Assert.Contains("caused by System.TimeoutException: the ledger did not answer in 5 s", output, StringComparison.Ordinal);
    }
}
