using Workflows;

namespace Errors;

/// <summary>A domain exception: its type name travels with the failure.</summary>
public sealed class InsufficientFundsException(string message) : Exception(message);

/// <summary>Never worth retrying: a NonRetryableException subclass stops the retry policy at once.</summary>
public sealed class CardStolenException(string message) : NonRetryableException(message);

public static class ErrorWorkflows
{
    private static readonly ActivityOptions FiveAttempts = new()
    {
        RetryPolicy = new RetryPolicy { MaxAttempts = 5, FirstInterval = TimeSpan.FromMilliseconds(100) },
    };

    private static readonly ActivityOptions NoRetries = new() { RetryPolicy = new RetryPolicy { MaxAttempts = 1 } };

    [Workflow]
    public static async Task<string> HandledErrors(WorkflowContext ctx)
    {
        var report = new List<string>();
        try
        {
            await ctx.Activities.ChargeAsync(500m, NoRetries);
        }
        catch (ActivityFailedException ex) when (ex.OriginalType == typeof(InsufficientFundsException).FullName)
        {
            report.Add($"Custom: ActivityFailedException from '{ex.ActivityName}', original type {ex.OriginalType}: {ex.Error.Message}");
        }

        try
        {
            await ctx.Activities.LookUpAccountAsync("acct-9", NoRetries);
        }
        catch (ActivityFailedException ex)
        {
            report.Add($"Wrapped: {ex.OriginalType} '{ex.Error.Message}' caused by {ex.Error.Inner?.Type} '{ex.Error.Inner?.Message}'");
        }

        try
        {
            await ctx.Activities.ChargeStolenCardAsync(FiveAttempts);
        }
        catch (ActivityFailedException ex)
        {
            report.Add($"Non-retryable: {ex.OriginalType} failed the call at once: {ex.Error.Message}");
        }

        try
        {
            await ctx.Workflows.RefundAsync("order-3", new SubWorkflowOptions { InstanceId = $"{ctx.InstanceId}-refund" });
        }
        catch (SubWorkflowFailedException ex)
        {
            report.Add($"Sub-workflow: SubWorkflowFailedException from '{ex.WorkflowName}' ({ex.InstanceId}), original type {ex.OriginalType}: {ex.Error.Message}");
        }

        return string.Join("\n", report);
    }

    [Workflow]
    public static Task Refund(WorkflowContext ctx, string orderId)
        => throw new InvalidOperationException($"{orderId} was never paid");

    /// <summary>Nothing catches the activity's failure, so the workflow fails with the whole chain.</summary>
    [Workflow]
    public static async Task Unhandled(WorkflowContext ctx)
        => await ctx.Activities.LookUpAccountAsync("acct-404", NoRetries);
}

public sealed class PaymentActivities
{
    private int _stolenCardAttempts;

    public int StolenCardAttempts => Volatile.Read(ref _stolenCardAttempts);

    [Activity]
    public void Charge(decimal amount) => throw new InsufficientFundsException($"balance too low for {amount:0.00}");

    [Activity]
    public string LookUpAccount(string account)
    {
        try
        {
            throw new TimeoutException("the ledger did not answer in 5 s");
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"could not look up {account}", ex);
        }
    }

    [Activity]
    public void ChargeStolenCard()
    {
        Interlocked.Increment(ref _stolenCardAttempts);
        throw new CardStolenException("card reported stolen");
    }
}
