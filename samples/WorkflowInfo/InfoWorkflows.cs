using Workflows;

namespace WorkflowInfo;

public static class InfoWorkflows
{
    [Workflow]
    public static async Task<string> Describe(WorkflowContext ctx, int run)
    {
        string info = $"run {run}: instance {ctx.InstanceId}, execution {ctx.ExecutionId}, workflow {ctx.WorkflowName}, queue {ctx.Queue}, time {ctx.Now:O}";
        await ctx.Activities.RecordAsync(info);
        if (run == 1)
        {
            // Same instance, new execution: the execution id changes, the instance id does not.
            throw ctx.ContinueAsNew(2);
        }

        return info;
    }
}

public static class InfoActivities
{
    [Activity]
    public static void Record(string info) => Console.WriteLine("  Inside the workflow: " + info);
}
