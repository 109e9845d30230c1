using System.Globalization;
using Workflows;
using Workflows.Serialization;

namespace HumanApproval;

public sealed record ApprovalRequest(string Document, string Approver);

public sealed record Decision(bool Approved, string By);

public static class ApprovalWorkflows
{
    public const string DecisionSignal = "decision";

    // The signal's value type appears in no signature, so it is declared for the generated serializer metadata.
    [Workflow, WorkflowPayload(typeof(Decision))]
    public static async Task<string> RequestApproval(WorkflowContext ctx, ApprovalRequest request)
    {
        var started = ctx.Now;
        await ctx.Activities.NotifyAsync(request.Approver, $"please review {request.Document}", ctx.Now);
        for (int reminders = 0; ; reminders++)
        {
            // Wait for a decision or for a day to pass, whichever comes first.
            Decision? decision = null;
            using var day = new CancellationTokenSource();
            await ctx.Select()
                .OnReceive(ctx.Signals<Decision>(DecisionSignal), d => decision = d)
                .OnTask(ctx.DelayAsync(TimeSpan.FromDays(1), day.Token))
                .RunAsync();
            day.Cancel();   // a decision arrived first: the day's timer is not needed any more

            double days = (ctx.Now - started).TotalDays;
            if (decision is not null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{request.Document} {(decision.Approved ? "approved" : "rejected")} by {decision.By} after {days:0.##} days and {reminders} reminders");
            }

            if (days >= 7)
            {
                return $"{request.Document} expired: no decision in a week";
            }

            await ctx.Activities.NotifyAsync(request.Approver, $"reminder {reminders + 1}: {request.Document} still waits for you", ctx.Now);
        }
    }
}

public static class ApprovalActivities
{
    [Activity]
    public static void Notify(string to, string message, DateTimeOffset at)
        => Console.WriteLine($"  [{at:yyyy-MM-dd HH:mm}] mail to {to}: {message}");
}
