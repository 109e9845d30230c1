using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Orders;
using Workflows.Client;
using Workflows.Hosting;
using Workflows.Worker;

// A worker service: the library's workflows in the Generic Host, from the Workflows.Hosting package alone.
var builder = Host.CreateApplicationBuilder(args.Skip(1).ToArray());
builder.Services.AddWorkflows(workflows => workflows
    .UseSqlite(args[0])
    .AddRegistrations((registry, _) => registry.AddGeneratedWorkflows(new PaymentActivities { Gateway = "hosted" }))
    .AddWorker());
using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<WorkflowClient>();
var checkout = await client.StartCheckoutAsync("pen", 2, new WorkflowOptions { InstanceId = "service-checkout-1" });
Console.WriteLine("service checkout: " + await checkout.GetResultAsync(TimeSpan.FromMinutes(1)));
await host.StopAsync();
Console.WriteLine("service stopped");
