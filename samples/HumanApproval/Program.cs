// A human approval: the workflow asks for a decision, sends a reminder every day nobody answers, and gives up after a
// week. Part 1 runs it on a real backend and approves after --approve-after seconds (2 by default); part 2 runs it
// on WorkflowTester's mock clock, where the approver answers after two and a half days, in milliseconds.
// Run: dotnet run --project samples/HumanApproval [-- --approve-after 2 --backend sqlite|memory|mysql|postgres --connection "..."]
using System.Globalization;
using HumanApproval;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Testing;
using Workflows.Worker;

double approveAfter = double.Parse(SampleBackend.Option(args, "--approve-after") ?? "2", CultureInfo.InvariantCulture);
var request = new ApprovalRequest("budget-2027.xlsx", "grace@example.com");

await using (var sample = SampleBackend.Open(args, "human-approval"))
{
    Console.WriteLine($"Running on {sample.Description}");
    Console.WriteLine($"Part 1: the approver answers after {approveAfter} s");
    await using var worker = new WorkflowWorker(sample.Backend, new WorkflowRegistry().AddGeneratedWorkflows());
    await worker.StartAsync();
    var client = new WorkflowClient(sample.Backend);

    var handle = await client.StartRequestApprovalAsync(request, new WorkflowOptions { InstanceId = SampleBackend.NewId("approval") });
    await Task.Delay(TimeSpan.FromSeconds(approveAfter));
    await handle.SignalAsync(ApprovalWorkflows.DecisionSignal, new Decision(Approved: true, By: "Grace"));
    Console.WriteLine($"Result: {await handle.GetResultAsync(TimeSpan.FromSeconds(30))}");
    await worker.StopAsync();
}

Console.WriteLine("Part 2: on WorkflowTester's mock clock; the approver answers after 2.5 days");
await using (var tester = new WorkflowTester(new WorkflowRegistry().AddGeneratedWorkflows()))
{
    tester.SignalAt(TimeSpan.FromDays(2.5), ApprovalWorkflows.DecisionSignal, new Decision(Approved: true, By: "Grace"));
    string result = await tester.ExecuteAsync((client, options) => client.StartRequestApprovalAsync(request, options));
    Console.WriteLine($"Result: {result}");
    Console.WriteLine($"Mock time passed: {tester.Elapsed.TotalDays} days");
}
