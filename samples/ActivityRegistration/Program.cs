// Activities three ways: a static method, one shared object whose state lives across calls and workflow runs, and
// an object built by a factory for every call (the shape a DI container gives you).
// Run: dotnet run --project samples/ActivityRegistration [-- --backend sqlite|memory|mysql|postgres --connection "..."]
using ActivityRegistration;
using Workflows.Client;
using Workflows.Samples;
using Workflows.Worker;

await using var sample = SampleBackend.Open(args, "activity-registration");
Console.WriteLine($"Running on {sample.Description}");

var counter = new VisitCounter();                  // one object: its state is shared by every call
var clock = new FixedGreetingClock("good morning"); // a dependency the factory hands to each new object
var registry = new WorkflowRegistry()
    .AddGeneratedWorkflows()                       // the workflow and the static activity
    .AddVisitCounter(counter)                      // every call on this instance
    .AddGreeter(() => new Greeter(clock));         // a new Greeter per call

await using var worker = new WorkflowWorker(sample.Backend, registry);
await worker.StartAsync();
var client = new WorkflowClient(sample.Backend);

foreach (string name in new[] { "Ada", "Grace" })
{
    string greeting = await client.RunWelcomeAsync(name, new WorkflowOptions { InstanceId = SampleBackend.NewId("welcome") });
    Console.WriteLine($"Workflow returned: {greeting}");
}

Console.WriteLine($"The shared counter saw {counter.Visits} visits across both runs.");
Console.WriteLine($"The factory built {Greeter.Built} Greeter objects, one per call.");
await worker.StopAsync();
