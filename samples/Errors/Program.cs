// How failures travel: a custom exception from an activity, a wrapped one with its inner error, a non-retryable one,
// a failed sub-workflow, and an unhandled exception that fails the workflow (never the worker).
// Run: dotnet run --project samples/Errors [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using Errors;
using Workflows;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "errors");
Console.WriteLine($"Running on {sample.Description}");

var payments = new PaymentActivities();
await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows(payments));
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

string report = await client.RunHandledErrorsAsync(new WorkflowOptions { InstanceId = SampleBackend.NewId("handled") });
Console.WriteLine(report);
Console.WriteLine($"The stolen card was tried {payments.StolenCardAttempts} time(s) although the policy allows 5 attempts");

try
{
    await client.RunUnhandledAsync(new WorkflowOptions { InstanceId = SampleBackend.NewId("unhandled") });
}
catch (WorkflowFailedException ex)
{
    Console.WriteLine($"Unhandled: the client got WorkflowFailedException ({ex.OriginalType}: {ex.Error.Message})");
    for (var inner = ex.Error.Inner; inner is not null; inner = inner.Inner)
    {
        Console.WriteLine($"  caused by {inner.Type}: {inner.Message}");
    }
}

await worker.StopAsync();
