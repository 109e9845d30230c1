// The names README fragments marked `with-context` use without declaring them: an order and a few activities and
// workflows, as a user's project would have. Compiled into those snippets' compilations, not into the test assembly.
using Workflows;

namespace Readme.Context;

public sealed record Order(string Id, decimal Amount);

public static class ShopActivities
{
    [Activity]
    public static string Charge(decimal amount) => $"payment-{amount}";

    [Activity]
    public static void Refund(string payment)
    {
    }

    [Activity]
    public static void Reserve(string orderId)
    {
    }

    [Activity]
    public static void Release(string orderId)
    {
    }

    [Activity]
    public static void SendReminder(string orderId)
    {
    }

    [Activity]
    public static int Measure(string word) => word.Length;

    [Activity]
    public static string Ship(Order order) => $"parcel-{order.Id}";
}

public static class ShopWorkflows
{
    [Workflow]
    public static async Task<string> Invoice(WorkflowContext ctx, Order order) => await ctx.Activities.ChargeAsync(order.Amount);
}
