using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Shop.Orders;
using Workflows.Client;
using Workflows.Dashboard;
using Workflows.Hosting;
using Workflows.Worker;

// An ASP.NET Core app with the dashboard, from the packages alone: it runs a checkout, then reads the dashboard's
// list page and JSON API over HTTP from itself, as a browser or a script would.
var builder = WebApplication.CreateBuilder(args.Skip(1).ToArray());
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddWorkflows(workflows => workflows
    .UseSqlite(args[0])
    .AddRegistrations((registry, _) => registry.AddGeneratedWorkflows(new PaymentActivities { Gateway = "web" }))
    .AddWorker());
var app = builder.Build();
app.MapWorkflowsDashboard("/workflows");
await app.StartAsync();

var client = app.Services.GetRequiredService<WorkflowClient>();
var checkout = await client.StartCheckoutAsync("mug", 1, new WorkflowOptions { InstanceId = "web-checkout-1" });
Console.WriteLine("web checkout: " + await checkout.GetResultAsync(TimeSpan.FromMinutes(1)));

string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
using var http = new HttpClient { BaseAddress = new Uri(address) };
foreach (string path in new[] { "/workflows/", "/workflows/api/instances" })
{
    using var response = await http.GetAsync(path);
    string body = await response.Content.ReadAsStringAsync();
    Console.WriteLine($"dashboard {path}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} lists web-checkout-1: {body.Contains("web-checkout-1", StringComparison.Ordinal)}");
}

await app.StopAsync();
Console.WriteLine("web stopped");
