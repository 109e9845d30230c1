using Workflows;

namespace SubWorkflows;

public static class RestockWorkflows
{
    [Workflow]
    public static async Task<int> Restock(WorkflowContext ctx, string[] warehouses)
    {
        var children = warehouses.Select(w =>
            ctx.Workflows.RestockWarehouseAsync(w, new SubWorkflowOptions { InstanceId = $"{ctx.InstanceId}-{w}" }));
        int[] counts = await ctx.WhenAll([.. children]);
        return counts.Sum();
    }

    [Workflow]
    public static async Task<int> RestockWarehouse(WorkflowContext ctx, string warehouse)
    {
        int missing = await ctx.Activities.CountMissingAsync(warehouse);
        await ctx.Activities.OrderItemsAsync(warehouse, missing);
        return missing;
    }
}

public static class RestockActivities
{
    [Activity]
    public static int CountMissing(string warehouse) => warehouse.Length;

    [Activity]
    public static void OrderItems(string warehouse, int count) => Console.WriteLine($"  Ordered {count} items for {warehouse}");
}
