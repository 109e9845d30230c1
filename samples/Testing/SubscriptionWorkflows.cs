using Workflows;

namespace Testing;

public sealed record Subscription(string Customer, decimal MonthlyFee);

/// <summary>The code under test: charge, wait a month, remind, charge again unless the customer cancelled.</summary>
public static class SubscriptionWorkflows
{
    [Workflow]
    public static async Task<string> Renew(WorkflowContext ctx, Subscription subscription)
    {
        string first = await ctx.Activities.ChargeAsync(subscription.Customer, subscription.MonthlyFee);
        await ctx.DelayAsync(TimeSpan.FromDays(30));
        await ctx.Activities.SendReminderAsync(subscription.Customer);

        // The customer has three days to cancel.
        string? cancelled = null;
        using var grace = new CancellationTokenSource();
        await ctx.Select()
            .OnReceive(ctx.Signals<string>("cancel"), reason => cancelled = reason)
            .OnTask(ctx.DelayAsync(TimeSpan.FromDays(3), grace.Token))
            .RunAsync();
        grace.Cancel();
        if (cancelled is not null)
        {
            return $"{first}; cancelled: {cancelled}";
        }

        string second = await ctx.Activities.ChargeAsync(subscription.Customer, subscription.MonthlyFee);
        return $"{first}; {second}";
    }
}

/// <summary>The real activities talk to a payment provider and a mail server; the tests mock them.</summary>
public static class SubscriptionActivities
{
    [Activity]
    public static string Charge(string customer, decimal amount) => throw new NotSupportedException("talks to the payment provider");

    [Activity]
    public static void SendReminder(string customer) => throw new NotSupportedException("talks to the mail server");
}
