using Workflows.Backends;
using Workflows.Client;
using Workflows.Diagnostics;
using Workflows.History;
using Workflows.Worker;

namespace Workflows.Tests.Diagnostics;

/// <summary>User values carried from the client call into workflows, sub-workflows and activities, and kept across replay.</summary>
public sealed class PropagationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly AsyncLocal<string?> s_tenant = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContextPropagator_TenantSetByCaller_SeenByWorkflowSubWorkflowAndActivity(bool cache)
    {
        string parent = "Tenant-" + Guid.NewGuid().ToString("N");
        string child = "TenantChild-" + Guid.NewGuid().ToString("N");
        var registry = new WorkflowRegistry()
            .AddWorkflow(parent, async (WorkflowContext ctx) =>
            {
                string before = ctx.Headers.GetValueOrDefault("tenant") ?? "none";
                string activity = await ctx.ExecuteActivityAsync<string>("WhoAmI", null);

                // Read again after a task boundary: without the cache this runs on a fresh executor that replayed.
                string after = ctx.Headers.GetValueOrDefault("tenant") ?? "none";
                string sub = await ctx.ExecuteSubWorkflowAsync<string>(child, null);
                return $"{before}|{activity}|{after}|{sub}";
            })
            .AddWorkflow(child, async (WorkflowContext ctx) => (ctx.Headers.GetValueOrDefault("tenant") ?? "none") + "/" + await ctx.ExecuteActivityAsync<string>("WhoAmI", null))
            .AddActivity("WhoAmI", () => $"{s_tenant.Value ?? "none"}:{ActivityContext.Current!.Headers.GetValueOrDefault("tenant") ?? "none"}");
        var propagator = new TenantPropagator();
        await using var backend = new InMemoryBackend();
        await using var worker = new WorkflowWorker(backend, registry, TracingTests.Options(cache) with { ContextPropagators = [propagator] });
        await worker.StartAsync();
        var client = new WorkflowClient(backend, new WorkflowClientOptions { ContextPropagators = [propagator] });

        s_tenant.Value = "acme";
        var handle = await client.StartWorkflowAsync<string>(parent, new WorkflowOptions { Metadata = new Dictionary<string, string> { ["region"] = "eu" } }, []);
        s_tenant.Value = null;

        Assert.Equal("acme|acme:acme|acme|acme/acme:acme", await handle.GetResultAsync(s_timeout));
        var state = await client.Backend.GetWorkflowInstanceStateAsync(handle.InstanceId);
        Assert.Equal("acme", state.Metadata!.Values["tenant"]);
        Assert.Equal("eu", state.Metadata.Values["region"]);
    }

    [Fact]
    public void HistorySerializer_EventsWrittenBeforeHeaders_ReadWithNoHeaders()
    {
        // The form every history had before headers were recorded.
        const string started = """{"id":"e1","sequenceId":1,"timestamp":"2026-01-01T00:00:00+00:00","scheduleEventId":0,"attributes":{"$type":"ExecutionStarted","name":"W","queue":"default","inputs":[]}}""";
        const string scheduled = """{"id":"e2","sequenceId":3,"timestamp":"2026-01-01T00:00:00+00:00","scheduleEventId":1,"attributes":{"$type":"ActivityScheduled","name":"A","queue":"default","inputs":["1"],"attempt":1}}""";

        var s = Assert.IsType<ExecutionStartedAttributes>(HistorySerializer.Deserialize(started).Attributes);
        var a = Assert.IsType<ActivityScheduledAttributes>(HistorySerializer.Deserialize(scheduled).Attributes);

        Assert.Null(s.Headers);
        Assert.Null(a.Headers);
    }

    [Fact]
    public void HistorySerializer_HeadersRecorded_RoundTrip()
    {
        var e = HistoryEvent.Create(DateTimeOffset.UnixEpoch, new ActivityScheduledAttributes("A", "default", ["1"])
        {
            Headers = new Dictionary<string, string> { [WorkflowsTelemetry.TraceParentKey] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", ["tenant"] = "acme" },
        });

        var read = (ActivityScheduledAttributes)HistorySerializer.Deserialize(HistorySerializer.Serialize(e)).Attributes;

        Assert.Equal("acme", read.Headers!["tenant"]);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", read.Headers[WorkflowsTelemetry.TraceParentKey]);
    }

    private sealed class TenantPropagator : IWorkflowContextPropagator
    {
        public void Inject(IDictionary<string, string> headers)
        {
            if (s_tenant.Value is { } tenant)
            {
                headers["tenant"] = tenant;
            }
        }

        public IDisposable? Restore(IReadOnlyDictionary<string, string> headers)
        {
            var previous = s_tenant.Value;
            s_tenant.Value = headers.GetValueOrDefault("tenant");
            return new Undo(() => s_tenant.Value = previous);
        }
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
