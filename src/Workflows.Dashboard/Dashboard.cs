using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;

namespace Workflows.Dashboard;

/// <summary>The dashboard's endpoints: JSON API, server-rendered pages and (when enabled) actions.</summary>
internal sealed partial class Dashboard(DashboardOptions options, string prefix)
{
    /// <summary>How deep and wide the sub-workflow tree is drawn; deeper levels are reachable from the child's page.</summary>
    private const int TreeDepth = 4;
    private const int TreeWidth = 100;

    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.Default };

    public void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListPageAsync);
        group.MapGet("/instance", InstancePageAsync);
        group.MapGet("/stats", StatsPageAsync);
        group.MapGet("/assets/{name}", AssetAsync);
        group.MapGet("/api/instances", ApiListAsync);
        group.MapGet("/api/instance", ApiInstanceAsync);
        group.MapGet("/api/history", ApiHistoryAsync);
        group.MapGet("/api/tree", ApiTreeAsync);
        group.MapGet("/api/stats", ApiStatsAsync);
        if (options.EnableActions)
        {
            group.MapPost("/actions/{action}", ActionAsync);
        }
    }

    private static IBackend Backend(HttpContext context) => context.RequestServices.GetRequiredService<IBackend>();

    private static WorkflowClient Client(HttpContext context) => context.RequestServices.GetRequiredService<WorkflowClient>();

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using (var writer = new Utf8JsonWriter(context.Response.Body, s_json))
        {
            write(writer);
        }
    }

    private static Task ProblemAsync(HttpContext context, int status, string message)
        => WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", status);
            w.WriteString("error", message);
            w.WriteEndObject();
        });

    private async Task ApiListAsync(HttpContext context)
    {
        var query = DashboardQuery.Parse(context.Request.Query, options.PageSize, out string? error);
        if (error is not null)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        var page = await Backend(context).ListWorkflowInstancesAsync(query, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("instances");
            foreach (var s in page.Instances)
            {
                DashboardJson.WriteState(w, s);
            }

            w.WriteEndArray();
            w.WriteString("nextCursor", page.NextCursor);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The state named by the <c>id</c> query parameter, or null after writing a 400/404.</summary>
    private async Task<WorkflowInstanceState?> RequiredStateAsync(HttpContext context, bool html)
    {
        if (DashboardQuery.Text(context.Request.Query, "id") is not { } id)
        {
            await FailAsync(context, html, StatusCodes.Status400BadRequest, "The 'id' query parameter (the instance id) is required.").ConfigureAwait(false);
            return null;
        }

        try
        {
            return await Backend(context).GetWorkflowInstanceStateAsync(id, context.RequestAborted).ConfigureAwait(false);
        }
        catch (WorkflowInstanceNotFoundException ex)
        {
            await FailAsync(context, html, StatusCodes.Status404NotFound, ex.Message).ConfigureAwait(false);
            return null;
        }
    }

    private Task FailAsync(HttpContext context, bool html, int status, string message)
        => html ? ErrorPageAsync(context, status, message) : ProblemAsync(context, status, message);

    private async Task ApiInstanceAsync(HttpContext context)
    {
        if (await RequiredStateAsync(context, html: false).ConfigureAwait(false) is not { } state)
        {
            return;
        }

        var inputs = await InputsAsync(context, state).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("instance");
            DashboardJson.WriteState(w, state);
            w.WriteStartArray("inputs");
            foreach (string? input in inputs)
            {
                if (input is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    try
                    {
                        using var doc = JsonDocument.Parse(input);
                        doc.RootElement.WriteTo(w);
                    }
                    catch (JsonException)
                    {
                        w.WriteStringValue(input);
                    }
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The inputs recorded in the execution's started event.</summary>
    private static async Task<IReadOnlyList<string?>> InputsAsync(HttpContext context, WorkflowInstanceState state)
    {
        // The started event is the second of every history (after the first task's WorkflowTaskStarted): read those
        // two, not a history that may be very long.
        var history = await Backend(context).GetWorkflowInstanceHistoryAsync(state.Instance, null, 2, context.RequestAborted).ConfigureAwait(false);
        return history.Select(e => e.Attributes).OfType<ExecutionStartedAttributes>().FirstOrDefault()?.Inputs ?? [];
    }

    /// <summary>A page of history: events after <c>after</c>, at most <c>limit</c> (or the configured page size).</summary>
    private async Task<(WorkflowInstanceState State, IReadOnlyList<HistoryEvent> Events, long? NextAfter)?> HistoryPageAsync(HttpContext context, bool html)
    {
        var q = context.Request.Query;
        long after = 0;
        int limit = options.HistoryPageSize;
        if (DashboardQuery.Text(q, "after") is { } afterText && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            await FailAsync(context, html, StatusCodes.Status400BadRequest, $"'after' must be a sequence id (a whole number); got '{afterText}'.").ConfigureAwait(false);
            return null;
        }

        if (DashboardQuery.Text(q, "limit") is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 5000))
        {
            await FailAsync(context, html, StatusCodes.Status400BadRequest, $"'limit' must be a whole number from 1 to 5000; got '{limitText}'.").ConfigureAwait(false);
            return null;
        }

        if (await RequiredStateAsync(context, html).ConfigureAwait(false) is not { } state)
        {
            return null;
        }

        var instance = state.Instance;
        if (DashboardQuery.Text(q, "execution") is { } executionId)
        {
            instance = instance with { ExecutionId = executionId };
        }

        IReadOnlyList<HistoryEvent> events;
        try
        {
            // One event more than the page tells whether there is a next page; the backend reads no further.
            events = await Backend(context).GetWorkflowInstanceHistoryAsync(instance, after, limit + 1, context.RequestAborted).ConfigureAwait(false);
        }
        catch (WorkflowInstanceNotFoundException ex)
        {
            await FailAsync(context, html, StatusCodes.Status404NotFound, ex.Message).ConfigureAwait(false);
            return null;
        }

        long? next = events.Count > limit ? events[limit - 1].SequenceId : null;
        return (state with { Instance = instance }, events.Take(limit).ToList(), next);
    }

    private async Task ApiHistoryAsync(HttpContext context)
    {
        if (await HistoryPageAsync(context, html: false).ConfigureAwait(false) is not { } page)
        {
            return;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("instanceId", page.State.Instance.InstanceId);
            w.WriteString("executionId", page.State.Instance.ExecutionId);
            w.WriteStartArray("events");
            foreach (var e in page.Events)
            {
                DashboardJson.WriteEvent(w, e);
            }

            w.WriteEndArray();
            if (page.NextAfter is { } next)
            {
                w.WriteNumber("nextAfter", next);
            }
            else
            {
                w.WriteNull("nextAfter");
            }

            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>A node of the sub-workflow tree.</summary>
    private sealed record TreeNode(WorkflowInstanceState State, IReadOnlyList<TreeNode> Children, bool More);

    private static async Task<TreeNode> TreeAsync(IBackend backend, WorkflowInstanceState state, int depth, CancellationToken ct)
    {
        if (depth >= TreeDepth)
        {
            return new TreeNode(state, [], More: false);
        }

        var page = await backend.ListWorkflowInstancesAsync(new InstanceQuery { ParentInstanceId = state.Instance.InstanceId, PageSize = TreeWidth }, ct).ConfigureAwait(false);
        var children = new List<TreeNode>();
        foreach (var child in page.Instances.Reverse())
        {
            children.Add(await TreeAsync(backend, child, depth + 1, ct).ConfigureAwait(false));
        }

        return new TreeNode(state, children, page.NextCursor is not null);
    }

    private static void WriteTree(Utf8JsonWriter w, TreeNode node)
    {
        w.WriteStartObject();
        w.WriteString("instanceId", node.State.Instance.InstanceId);
        w.WriteString("workflowName", node.State.WorkflowName);
        w.WriteString("status", node.State.Status.ToString());
        w.WriteBoolean("more", node.More);
        w.WriteStartArray("children");
        foreach (var child in node.Children)
        {
            WriteTree(w, child);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private async Task ApiTreeAsync(HttpContext context)
    {
        if (await RequiredStateAsync(context, html: false).ConfigureAwait(false) is not { } state)
        {
            return;
        }

        var tree = await TreeAsync(Backend(context), state, 0, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, w => WriteTree(w, tree)).ConfigureAwait(false);
    }

    private static async Task ApiStatsAsync(HttpContext context)
    {
        var stats = await Backend(context).GetStatsAsync(context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("activeInstances", stats.ActiveInstances);
            WriteCounts(w, "instancesByStatus", stats.InstancesByStatus.ToDictionary(p => p.Key.ToString(), p => p.Value));
            WriteCounts(w, "instancesByWorkflowName", stats.InstancesByWorkflowName);
            WriteCounts(w, "pendingWorkflowTasks", stats.PendingWorkflowTasks);
            WriteCounts(w, "pendingActivityTasks", stats.PendingActivityTasks);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
    }

    private static async Task AssetAsync(HttpContext context)
    {
        string name = context.Request.RouteValues["name"] as string ?? "";
        string? type = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        var stream = type is null ? null : typeof(Dashboard).Assembly.GetManifestResourceStream("Workflows.Dashboard.Assets." + name);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using (stream)
        {
            context.Response.ContentType = type;
            context.Response.Headers.CacheControl = "public, max-age=3600";
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
