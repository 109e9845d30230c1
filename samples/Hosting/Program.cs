using HostingSample;
using Workflows;
using Workflows.Client;
using Workflows.Hosting;
using Workflows.Worker;

var builder = WebApplication.CreateBuilder(args);

// The activities' scoped dependency, as a database context would be registered.
builder.Services.AddScoped<OrderStore>();

// Backend, connection string and worker settings come from the "Workflows" section of appsettings.json.
builder.Services.AddWorkflows(workflows => workflows
    .UseSqlite()
    .AddActivities<OrderActivities>()
    .AddRegistrations((registry, services) => registry.AddGeneratedWorkflows(services))
    .AddWorker());
builder.Services.AddHealthChecks().AddWorkflowsChecks();

var app = builder.Build();

app.MapPost("/orders", async (OrderRequest order, WorkflowClient client, CancellationToken cancellationToken) =>
{
    var handle = await client.StartProcessOrderAsync(order, cancellationToken: cancellationToken);
    return Results.Accepted($"/orders/{handle.InstanceId}", new { id = handle.InstanceId });
});

app.MapGet("/orders/{id}", async (string id, WorkflowClient client, CancellationToken cancellationToken) =>
{
    try
    {
        var state = await client.GetStateAsync(id, cancellationToken);
        return Results.Ok(new
        {
            id,
            status = state.Status.ToString(),
            result = state.Result is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(state.Result).RootElement,
            error = state.Error?.Message,
        });
    }
    catch (WorkflowInstanceNotFoundException)
    {
        return Results.NotFound();
    }
});

app.MapHealthChecks("/health");

app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Orders API listening on {string.Join(", ", app.Urls)}"));
app.Run();

/// <summary>The sample's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
