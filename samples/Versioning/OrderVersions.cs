using Workflows;
using Workflows.Worker;

namespace Versioning;

/// <summary>
/// Three builds of one workflow, as three deployments would register it under the same name: version 1 charges with
/// the old payment gateway; version 2 switches to the new gateway, once without a patch (which would break the orders
/// version 1 started) and once behind <see cref="WorkflowContext.IsPatched"/>.
/// </summary>
public static class OrderVersions
{
    public const string Name = "Order";
    public const string ShipSignal = "ship";
    public const string Patch = "charge-with-new-gateway";

    /// <summary>What one deployment registers: its build of the workflow, and the activities every build shares.</summary>
    public static WorkflowRegistry Registry(Func<WorkflowContext, string, Task<string>> order) => new WorkflowRegistry()
        .AddWorkflow(Name, order)
        .AddActivity("ChargeOldGateway", (string id) => $"receipt {id} from the old gateway")
        .AddActivity("ChargeNewGateway", (string id) => $"receipt {id} from the new gateway")
        .AddActivity("Ship", (string id, string receipt) => $"{id} shipped ({receipt})");

    public static async Task<string> Version1(WorkflowContext ctx, string id)
    {
        string receipt = await ctx.ExecuteActivityAsync<string>("ChargeOldGateway", null, id);
        await ctx.Signals<bool>(ShipSignal).ReceiveAsync();
        return await ctx.ExecuteActivityAsync<string>("Ship", null, id, receipt);
    }

    // The change as a first attempt would write it: an order version 1 charged replays a different activity here.
    public static async Task<string> Version2WithoutPatch(WorkflowContext ctx, string id)
    {
        string receipt = await ctx.ExecuteActivityAsync<string>("ChargeNewGateway", null, id);
        await ctx.Signals<bool>(ShipSignal).ReceiveAsync();
        return await ctx.ExecuteActivityAsync<string>("Ship", null, id, receipt);
    }

    // The same change behind a patch: executions that charged before it keep the old branch, new ones take the new.
    public static async Task<string> Version2(WorkflowContext ctx, string id)
    {
        string receipt = ctx.IsPatched(Patch)
            ? await ctx.ExecuteActivityAsync<string>("ChargeNewGateway", null, id)
            : await ctx.ExecuteActivityAsync<string>("ChargeOldGateway", null, id);
        await ctx.Signals<bool>(ShipSignal).ReceiveAsync();
        return await ctx.ExecuteActivityAsync<string>("Ship", null, id, receipt);
    }
}
