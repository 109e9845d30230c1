using Workflows;
using Workflows.Worker;

namespace DashboardSample;

/// <summary>The sample's workflows, registered by name so one of them can change between two "deployments".</summary>
public static class SampleWorkflows
{
    /// <summary>The blocked instance's workflow: version 1 packs first; version 2 (deployed later) checks stock first.</summary>
    public const string Shipping = "Shipping";

    /// <summary>The registry of the running worker: the second deployment, whose Shipping no longer matches old histories.</summary>
    public static WorkflowRegistry Current(WorkflowRegistry registry) => Common(registry, firstActivity: "CheckStock");

    /// <summary>The first deployment.</summary>
    public static WorkflowRegistry FirstDeployment() => Common(new WorkflowRegistry(), firstActivity: "Pack");

    private static WorkflowRegistry Common(WorkflowRegistry registry, string firstActivity) => registry
        .AddWorkflow(Shipping, async (WorkflowContext ctx, string order) =>
        {
            string packed = await ctx.ExecuteActivityAsync<string>(firstActivity, null, order);
            string carrier = await ctx.Signals<string>("carrier").ReceiveAsync();
            return $"{packed} via {carrier}";
        })
        .AddWorkflow("Reminder", async (WorkflowContext ctx, string text) =>
        {
            await ctx.DelayAsync(TimeSpan.FromHours(1));
            return text;
        })
        .AddWorkflow("Approval", async (WorkflowContext ctx, string request) =>
        {
            bool approved = await ctx.Signals<bool>("approved").ReceiveAsync();
            return approved ? $"{request}: approved" : $"{request}: rejected";
        })
        .AddWorkflow("Greeting", async (WorkflowContext ctx, string name) => await ctx.ExecuteActivityAsync<string>("Greet", null, name))
        .AddWorkflow("Payment", async (WorkflowContext ctx, decimal amount) =>
        {
            await ctx.ExecuteActivityAsync<string>("Charge", null, amount); // one attempt: no retry policy
            return "paid";
        })
        .AddWorkflow("Onboarding", async (WorkflowContext ctx, string customer) =>
        {
            string greeting = await ctx.ExecuteSubWorkflowAsync<string>("Greeting", new SubWorkflowOptions { InstanceId = ctx.InstanceId + "/greeting" }, customer);
            string approval = await ctx.ExecuteSubWorkflowAsync<string>("Approval", new SubWorkflowOptions { InstanceId = ctx.InstanceId + "/approval" }, $"account for {customer}");
            return $"{greeting} {approval}";
        })
        .AddActivity("Pack", (string order) => $"{order} packed")
        .AddActivity("CheckStock", (string order) => $"{order} in stock")
        .AddActivity("Greet", (string name) => $"Hello, {name}!")
        .AddActivity("Charge", (decimal amount) => amount > 100m
            ? throw new InvalidOperationException($"Payment of {amount} declined: limit is 100")
            : "ok");
}
