using Workflows.Worker;

namespace Workflows.Testing.Tests;

/// <summary>
/// The workflows whose recorded histories are committed in <c>Histories/</c>, at their current version, plus the
/// older version of <c>Discount</c> that recorded <c>Histories/discount-v1.json</c>.
/// </summary>
public static class HistoryWorkflows
{
    public static async Task<string> Order(WorkflowContext ctx, string orderId)
    {
        decimal price = await ctx.ExecuteActivityAsync<decimal>("Price", null, orderId);
        await ctx.DelayAsync(TimeSpan.FromHours(1));
        bool approved = await ctx.Signals<bool>("approved").ReceiveAsync();
        if (!approved)
        {
            return $"{orderId}:rejected";
        }

        string receipt = await ctx.ExecuteActivityAsync<string>("Charge", null, orderId, price);
        string token = await ctx.SideEffectAsync(() => "tok-1");
        return $"{orderId}:{receipt}:{token}";
    }

    public static async Task<int> FanOut(WorkflowContext ctx, int count)
    {
        var parts = new Task<int>[count];
        for (int i = 0; i < count; i++)
        {
            int n = i;
            parts[i] = ctx.Go(c => c.ExecuteActivityAsync<int>("Square", null, n));
        }

        int[] squares = await ctx.WhenAll(parts);
        int child = await ctx.ExecuteSubWorkflowAsync<int>("Sum", null, squares);
        return child;
    }

    public static Task<int> Sum(WorkflowContext ctx, int[] values) => Task.FromResult(values.Sum());

    /// <summary>The current version: a discount step was added between pricing and charging.</summary>
    public static async Task<string> Discount(WorkflowContext ctx, string orderId)
    {
        decimal price = await ctx.ExecuteActivityAsync<decimal>("Price", null, orderId);
        decimal discounted = await ctx.ExecuteActivityAsync<decimal>("ApplyDiscount", null, price);
        return await ctx.ExecuteActivityAsync<string>("Charge", null, orderId, discounted);
    }

    /// <summary>The version that recorded <c>Histories/discount-v1.json</c>.</summary>
    public static async Task<string> DiscountV1(WorkflowContext ctx, string orderId)
    {
        decimal price = await ctx.ExecuteActivityAsync<decimal>("Price", null, orderId);
        return await ctx.ExecuteActivityAsync<string>("Charge", null, orderId, price);
    }

    /// <summary>The current code, as a CI replay job would register it.</summary>
    public static WorkflowRegistry CurrentRegistry() => new WorkflowRegistry()
        .AddWorkflow("Order", Order)
        .AddWorkflow("FanOut", FanOut)
        .AddWorkflow("Sum", Sum)
        .AddWorkflow("Discount", Discount);
}
