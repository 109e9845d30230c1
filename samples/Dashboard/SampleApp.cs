using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows;
using Workflows.Backends;
using Workflows.Client;
using Workflows.Dashboard;
using Workflows.Hosting;
using Workflows.History;
using Workflows.Sqlite;
using Workflows.Worker;

namespace DashboardSample;

/// <summary>The running sample: a web app with the dashboard at <see cref="DashboardUrl"/>, and its worker.</summary>
public sealed class SampleApp : IAsyncDisposable
{
    private static readonly TimeSpan s_seedTimeout = TimeSpan.FromSeconds(60);

    private SampleApp(WebApplication app, string dashboardUrl, WorkflowClient client, string databasePath)
    {
        App = app;
        DashboardUrl = dashboardUrl;
        Client = client;
        DatabasePath = databasePath;
    }

    /// <summary>The web application.</summary>
    public WebApplication App { get; }

    /// <summary>The dashboard's absolute URL (ends without a slash).</summary>
    public string DashboardUrl { get; }

    /// <summary>A client over the sample's backend.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The SQLite file.</summary>
    public string DatabasePath { get; }

    /// <summary>The ids of the instances the sample starts, one per state.</summary>
    public static class Ids
    {
        /// <summary>Blocked: its history no longer matches the deployed code (non-determinism).</summary>
        public const string Blocked = "order-1001";

        /// <summary>Running, waiting on a one-hour timer.</summary>
        public const string WaitingOnTimer = "reminder-7";

        /// <summary>Running, waiting for the "approved" signal.</summary>
        public const string WaitingOnSignal = "approval-42";

        /// <summary>Completed.</summary>
        public const string Completed = "greeting-ada";

        /// <summary>Failed: its activity threw.</summary>
        public const string Failed = "payment-500";

        /// <summary>Running, with two sub-workflows (one completed, one waiting for a signal).</summary>
        public const string Parent = "onboarding-grace";
    }

    /// <summary>Starts the app on a loopback port, fills the database and returns once every instance is in its state.</summary>
    public static async Task<SampleApp> StartAsync(SampleAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string path = options.DatabasePath ?? Path.Combine(Path.GetTempPath(), $"workflows-dashboard-sample-{Guid.NewGuid():N}.db");

        // The first "deployment" runs the blocked instance up to its first activity, then goes away with its backend.
        await using (var firstBackend = SqliteBackend.Open(path))
        {
            var firstClient = new WorkflowClient(firstBackend);
            await using var firstDeployment = new WorkflowWorker(firstBackend, SampleWorkflows.FirstDeployment());
            await firstDeployment.StartAsync();
            if (!await ExistsAsync(firstClient, Ids.Blocked))
            {
                await firstClient.StartWorkflowAsync(SampleWorkflows.Shipping, new WorkflowOptions { InstanceId = Ids.Blocked }, "order 1001");
                await WaitAsync(firstClient, Ids.Blocked, h => h.Any(e => e.Type == EventType.ActivityCompleted), "the first activity of the blocked instance");
            }

            await firstDeployment.StopAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{options.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Workflows.Dashboard", LogLevel.Information);
        // The second deployment: backend, client and worker from the hosting package, as an application registers them.
        builder.Services.AddWorkflows(workflows => workflows
            .UseSqlite(path)
            .AddRegistrations((registry, _) => SampleWorkflows.Current(registry))
            .AddWorker());
        builder.Services.AddAntiforgery();
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/workflows/"));
        app.MapWorkflowsDashboard("/workflows", o => o.EnableActions = options.EnableActions);
        await app.StartAsync();

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var sample = new SampleApp(app, address.TrimEnd('/') + "/workflows", app.Services.GetRequiredService<WorkflowClient>(), path);
        await sample.SeedAsync();
        return sample;
    }

    private async Task SeedAsync()
    {
        // The second deployment sees the blocked instance's next event and cannot replay its history.
        var blocked = await Client.GetStateAsync(Ids.Blocked);
        if (blocked.Status == WorkflowStatus.Running && blocked.LastTaskError is null)
        {
            await Client.SignalWorkflowAsync(Ids.Blocked, "carrier", "DHL");
        }

        await StartOnceAsync("Reminder", Ids.WaitingOnTimer, "renew the certificate");
        await StartOnceAsync("Approval", Ids.WaitingOnSignal, "refund 42");
        await StartOnceAsync("Greeting", Ids.Completed, "Ada");
        await StartOnceAsync("Payment", Ids.Failed, 500m);
        await StartOnceAsync("Onboarding", Ids.Parent, "Grace");

        await WaitStateAsync(Ids.Blocked, s => s.LastTaskError is not null || s.Status != WorkflowStatus.Running, "the blocked instance's error");
        await WaitAsync(Client, Ids.WaitingOnTimer, h => h.Any(e => e.Type == EventType.TimerScheduled), "the reminder's timer");
        await WaitStateAsync(Ids.Completed, s => s.Status.IsFinished(), "the greeting");
        await WaitStateAsync(Ids.Failed, s => s.Status.IsFinished(), "the payment");
        await WaitAsync(Client, Ids.Parent + "/approval", h => h.Count > 0, "the onboarding's second sub-workflow");
    }

    private async Task StartOnceAsync(string workflow, string instanceId, object input)
    {
        if (!await ExistsAsync(Client, instanceId))
        {
            await Client.StartWorkflowAsync(workflow, new WorkflowOptions { InstanceId = instanceId }, input);
        }
    }

    private static async Task<bool> ExistsAsync(WorkflowClient client, string instanceId)
    {
        try
        {
            await client.GetStateAsync(instanceId);
            return true;
        }
        catch (WorkflowInstanceNotFoundException)
        {
            return false;
        }
    }

    private Task WaitStateAsync(string instanceId, Func<WorkflowInstanceState, bool> done, string what)
        => UntilAsync(async () => done(await Client.GetStateAsync(instanceId)), what);

    private static Task WaitAsync(WorkflowClient client, string instanceId, Func<IReadOnlyList<HistoryEvent>, bool> done, string what)
        => UntilAsync(async () => await ExistsAsync(client, instanceId) && done(await client.GetHistoryAsync(instanceId)), what);

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        using var timeout = new CancellationTokenSource(s_seedTimeout);
        try
        {
            while (!await done())
            {
                await Task.Delay(50, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The sample did not reach its starting state: waited {s_seedTimeout} for {what}.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The container owns the backend and disposes it with the app.
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
