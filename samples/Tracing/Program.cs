using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TracingSample;
using Workflows.Client;
using Workflows.Diagnostics;
using Workflows.Hosting;
using Workflows.Worker;

// The orders API with OpenTelemetry: one trace runs from the HTTP request through the workflow to its activities.
//   dotnet run --project samples/Tracing              serves POST /orders on http://127.0.0.1:5081; spans and metrics go to the console
//   dotnet run --project samples/Tracing -- --demo    posts one order to itself, prints that trace as a tree, and exits
// The workflows live in a SQLite file in the temp directory, removed when the app stops.
bool demo = args.Contains("--demo");
string database = Path.Combine(Path.GetTempPath(), $"workflows-tracing-{Environment.ProcessId}.db");
var spans = new SpanTree();

var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
builder.WebHost.UseUrls(demo ? "http://127.0.0.1:0" : "http://127.0.0.1:5081");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddWorkflows(workflows => workflows
    .UseSqlite(database)
    .AddRegistrations((registry, _) => registry.AddGeneratedWorkflows())
    .AddWorker());

// What the application adds to see Workflows: its ActivitySource and Meter by name, next to ASP.NET Core's.
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing =>
    {
        tracing.AddSource(WorkflowsTelemetry.SourceName).AddAspNetCoreInstrumentation();
        if (demo)
        {
            tracing.AddProcessor(spans);
        }
        else
        {
            tracing.AddConsoleExporter();
        }
    })
    .WithMetrics(metrics =>
    {
        metrics.AddMeter(WorkflowsTelemetry.MeterName);
        if (!demo)
        {
            metrics.AddConsoleExporter();
        }
    });

var app = builder.Build();
app.MapPost("/orders", async (OrderRequest order, WorkflowClient client, CancellationToken cancellationToken) =>
{
    var handle = await client.StartProcessOrderAsync(order, cancellationToken: cancellationToken);
    return Results.Accepted($"/orders/{handle.InstanceId}", new { id = handle.InstanceId });
});
app.MapGet("/orders/{id}", async (string id, WorkflowClient client, CancellationToken cancellationToken) =>
{
    var state = await client.GetStateAsync(id, cancellationToken);
    return Results.Ok(new { id, status = state.Status.ToString(), result = state.Result });
});

Console.WriteLine($"Running on SQLite file {database}");
try
{
    if (!demo)
    {
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Orders API listening on {string.Join(", ", app.Urls)}; POST /orders {{\"item\":\"book\",\"quantity\":2}}"));
        await app.RunAsync();
        return;
    }

    await app.StartAsync();
    string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using (var http = new HttpClient { BaseAddress = new Uri(url) })
    {
        var response = await http.PostAsJsonAsync("/orders", new OrderRequest("book", 2));
        response.EnsureSuccessStatusCode();
        string id = (await response.Content.ReadFromJsonAsync<StartedOrder>())!.Id;
        string result = await app.Services.GetRequiredService<WorkflowClient>().GetResultAsync<string>(id, TimeSpan.FromSeconds(30));
        Console.WriteLine($"Order {id}: {result}");
    }

    // Stopping drains the worker, so every span of the workflow has ended before the tree is printed.
    await app.StopAsync();
    spans.Write(Console.Out, s => s.DisplayName.StartsWith("POST", StringComparison.Ordinal));
}
finally
{
    await app.DisposeAsync();
    foreach (string file in new[] { database, database + "-wal", database + "-shm" })
    {
        File.Delete(file);
    }
}

/// <summary>The body of the 202 answer to POST /orders.</summary>
internal sealed record StartedOrder(string Id);
