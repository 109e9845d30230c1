using Workflows;

namespace Signals;

public static class SignalWorkflows
{
    [Workflow]
    public static async Task<string> Coordinator(WorkflowContext ctx)
    {
        // 1. Wait for the client's signal.
        string order = await ctx.Signals<string>("order").ReceiveAsync();
        Say(ctx, $"Coordinator received signal 'order' = {order}");

        // 2. Start a sub-workflow and pass it a signal of our own.
        string childId = $"{ctx.InstanceId}-packer";
        var packer = ctx.Workflows.PackerAsync(new SubWorkflowOptions { InstanceId = childId });
        await ctx.SignalWorkflowAsync(childId, "pack", order);
        string packed = await packer;
        Say(ctx, $"Sub-workflow answered: {packed}");

        // 3. Select: a 'cancel' signal, a 1-hour timer and a courier activity race; the first one decides.
        string decision = "";
        using var timerCts = new CancellationTokenSource();
        await ctx.Select()
            .OnReceive(ctx.Signals<string>("cancel"), reason => decision = $"cancelled by signal: {reason}")
            .OnTask(ctx.DelayAsync(TimeSpan.FromHours(1), timerCts.Token), _ => decision = "timed out after an hour")
            .OnTask(ctx.Activities.BookCourierAsync(order), t => decision = $"courier booked first: {t.Result}")
            .RunAsync();
        timerCts.Cancel();   // the timer lost the race: cancel it so it does not linger in the history
        Say(ctx, $"Select picked: {decision}");

        return $"{packed}; {decision}";
    }

    [Workflow]
    public static async Task<string> Packer(WorkflowContext ctx)
    {
        string order = await ctx.Signals<string>("pack").ReceiveAsync();
        Say(ctx, $"Packer sub-workflow received signal 'pack' = {order}");
        return $"{order} packed";
    }

    private static void Say(WorkflowContext ctx, string line)
    {
        if (!ctx.IsReplaying)
        {
            Console.WriteLine("  " + line);
        }
    }
}

public static class CourierActivities
{
    [Activity]
    public static string BookCourier(string order) => $"courier for {order}";
}
