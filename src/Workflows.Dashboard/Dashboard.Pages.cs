using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Backends;
using Workflows.History;

namespace Workflows.Dashboard;

/// <summary>
/// Server-rendered pages: everything readable without JavaScript. Every value that comes from the backend or the
/// request goes through <see cref="E"/> (HTML-encoded), and URLs through <see cref="U"/> first, so hostile ids,
/// names and payloads show as text.
/// </summary>
internal sealed partial class Dashboard
{
    private static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    private static string U(string text) => Uri.EscapeDataString(text);

    private static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "";

    /// <summary>The dashboard's root URL path: the application's path base and the mapped prefix.</summary>
    private string Base(HttpContext context) => context.Request.PathBase + prefix;

    private static string InstanceLink(string root, string instanceId) => $"{root}/instance?id={U(instanceId)}";

    private static string StatusBadge(WorkflowStatus status) => $"<span class=\"status status-{status.ToString().ToLowerInvariant()}\">{status}</span>";

    private async Task PageAsync(HttpContext context, int status, string title, string body)
    {
        string root = Base(context);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(title)).Append(" - ").Append(E(options.Title)).Append("</title>");
        html.Append("<link rel=\"stylesheet\" href=\"").Append(E(root)).Append("/assets/dashboard.css\">");
        html.Append("<script src=\"").Append(E(root)).Append("/assets/dashboard.js\" defer></script></head><body>");
        html.Append("<header><a class=\"brand\" href=\"").Append(E(root)).Append("/\">").Append(E(options.Title)).Append("</a><nav>");
        html.Append("<a href=\"").Append(E(root)).Append("/\">Instances</a><a href=\"").Append(E(root)).Append("/stats\">Stats</a></nav>");
        html.Append(options.EnableActions ? "" : "<span class=\"readonly\" title=\"Actions are disabled\">read-only</span>");
        html.Append("</header><main>").Append(body).Append("</main></body></html>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // No inline script or style is ever emitted, so a strict policy costs nothing and stops any injected markup.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    private Task ErrorPageAsync(HttpContext context, int status, string message)
        => PageAsync(context, status, status == 404 ? "Not found" : "Error", $"<p class=\"error\">{E(message)}</p>");

    private async Task ListPageAsync(HttpContext context)
    {
        string root = Base(context);
        var q = context.Request.Query;
        var query = DashboardQuery.Parse(q, options.PageSize, out string? error);
        var body = new StringBuilder("<h1>Instances</h1>");
        body.Append("<form class=\"filters\" method=\"get\" action=\"").Append(E(root)).Append("/\">");
        body.Append("<label>Instance id starts with <input type=\"search\" name=\"prefix\" value=\"").Append(E(DashboardQuery.Text(q, "prefix"))).Append("\"></label>");
        body.Append("<label>Status <select name=\"status\"><option value=\"\">any</option>");
        foreach (var s in Enum.GetValues<WorkflowStatus>())
        {
            body.Append("<option").Append(query.Status == s ? " selected" : "").Append('>').Append(s).Append("</option>");
        }

        body.Append("</select></label>");
        Field(body, "Workflow", "name", "text", DashboardQuery.Text(q, "name"));
        Field(body, "Queue", "queue", "text", DashboardQuery.Text(q, "queue"));
        Field(body, "Parent id", "parent", "text", DashboardQuery.Text(q, "parent"));
        Field(body, "Created from (UTC)", "createdFrom", "text", DashboardQuery.Text(q, "createdFrom"));
        Field(body, "Created before (UTC)", "createdBefore", "text", DashboardQuery.Text(q, "createdBefore"));
        Field(body, "Finished from (UTC)", "finishedFrom", "text", DashboardQuery.Text(q, "finishedFrom"));
        Field(body, "Finished before (UTC)", "finishedBefore", "text", DashboardQuery.Text(q, "finishedBefore"));
        body.Append("<button type=\"submit\">Filter</button> <a href=\"").Append(E(root)).Append("/\">Clear</a></form>");
        if (error is not null)
        {
            body.Append("<p class=\"error\">").Append(E(error)).Append("</p>");
            await PageAsync(context, StatusCodes.Status400BadRequest, "Instances", body.ToString()).ConfigureAwait(false);
            return;
        }

        var page = await Backend(context).ListWorkflowInstancesAsync(query, context.RequestAborted).ConfigureAwait(false);
        body.Append("<table class=\"instances\"><thead><tr><th>Instance</th><th>Workflow</th><th>Status</th><th>Queue</th><th>Created</th><th>Finished</th><th></th></tr></thead><tbody>");
        foreach (var s in page.Instances)
        {
            body.Append("<tr data-instance-id=\"").Append(E(s.Instance.InstanceId)).Append("\"><td><a class=\"instance-link\" href=\"").Append(E(InstanceLink(root, s.Instance.InstanceId))).Append("\">")
                .Append(E(s.Instance.InstanceId)).Append("</a></td><td>").Append(E(s.WorkflowName)).Append("</td><td>").Append(StatusBadge(s.Status))
                .Append("</td><td>").Append(E(s.Queue)).Append("</td><td>").Append(Time(s.CreatedAt)).Append("</td><td>").Append(Time(s.CompletedAt)).Append("</td><td>")
                .Append(s.LastTaskError is { } lte && s.Status == WorkflowStatus.Running ? $"<span class=\"blocked\" title=\"{E(lte.Message)}\">blocked</span>" : "")
                .Append("</td></tr>");
        }

        body.Append("</tbody></table>");
        if (page.Instances.Count == 0)
        {
            body.Append("<p class=\"empty\">No instances match.</p>");
        }

        if (page.NextCursor is { } cursor)
        {
            var link = new StringBuilder(root).Append("/?cursor=").Append(U(cursor));
            foreach (string key in DashboardQuery.Keys)
            {
                if (DashboardQuery.Text(q, key) is { } value)
                {
                    link.Append('&').Append(key).Append('=').Append(U(value));
                }
            }

            body.Append("<p class=\"pager\"><a rel=\"next\" href=\"").Append(E(link.ToString())).Append("\">Older &rarr;</a></p>");
        }

        await PageAsync(context, StatusCodes.Status200OK, "Instances", body.ToString()).ConfigureAwait(false);
    }

    private static void Field(StringBuilder body, string label, string name, string type, string? value)
        => body.Append("<label>").Append(E(label)).Append(" <input type=\"").Append(type).Append("\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append("\"></label>");

    private async Task InstancePageAsync(HttpContext context)
    {
        if (await HistoryPageAsync(context, html: true).ConfigureAwait(false) is not { } page)
        {
            return;
        }

        string root = Base(context);
        var s = page.State;
        var backend = Backend(context);
        var body = new StringBuilder();
        body.Append("<h1>Instance <code class=\"instance-id\">").Append(E(s.Instance.InstanceId)).Append("</code> ").Append(StatusBadge(s.Status)).Append("</h1>");
        if (DashboardQuery.Text(context.Request.Query, "done") is { } done && s_doneMessages.TryGetValue(done, out string? message))
        {
            body.Append("<p class=\"notice\" role=\"status\">").Append(E(message)).Append("</p>");
        }

        body.Append("<dl class=\"summary\">");
        Row(body, "Workflow", E(s.WorkflowName));
        Row(body, "Execution", E(s.Instance.ExecutionId));
        Row(body, "Queue", E(s.Queue));
        Row(body, "Created", Time(s.CreatedAt));
        Row(body, "Finished", Time(s.CompletedAt));
        if (s.Parent is { } parent)
        {
            Row(body, "Parent", $"<a href=\"{E(InstanceLink(root, parent.InstanceId))}\">{E(parent.InstanceId)}</a>");
        }

        body.Append("</dl>");

        if (s.LastTaskError is { } blocked && s.Status == WorkflowStatus.Running)
        {
            body.Append("<section class=\"blocked-reason\"><h2>Blocked: its workflow task keeps failing</h2><p><strong>").Append(E(blocked.Type)).Append("</strong></p><pre class=\"error-message\">")
                .Append(E(blocked.Message)).Append("</pre><p class=\"hint\">Deploy code that can run this history, then resume the instance; or cancel or terminate it.</p></section>");
        }

        var inputs = await InputsAsync(context, s).ConfigureAwait(false);
        body.Append("<h2>Inputs</h2>");
        if (inputs.Count == 0)
        {
            body.Append("<p class=\"empty\">none</p>");
        }

        foreach (string? input in inputs)
        {
            body.Append("<pre class=\"payload\">").Append(E(DashboardJson.Pretty(input ?? "null"))).Append("</pre>");
        }

        if (s.Result is not null)
        {
            body.Append("<h2>Result</h2><pre class=\"payload result\">").Append(E(DashboardJson.Pretty(s.Result))).Append("</pre>");
        }

        if (s.Error is { } err)
        {
            body.Append("<h2>Error</h2><pre class=\"payload error\">").Append(E(DashboardJson.Pretty(HistorySerializer.SerializeError(err)))).Append("</pre>");
        }

        if (options.EnableActions)
        {
            AppendActions(context, body, root, s);
        }

        var tree = await TreeAsync(backend, s, 0, context.RequestAborted).ConfigureAwait(false);
        body.Append("<h2>Sub-workflows</h2>");
        if (tree.Children.Count == 0)
        {
            body.Append("<p class=\"empty\">none</p>");
        }
        else
        {
            body.Append("<div class=\"tree\">");
            AppendTree(body, root, tree.Children, tree.More, s.Instance.InstanceId);
            body.Append("</div>");
        }

        body.Append("<h2>History</h2><ol class=\"timeline\">");
        foreach (var e in page.Events)
        {
            string kind = e.Type.ToString();
            body.Append("<li class=\"event event-").Append(E(kind)).Append("\" data-sequence=\"").Append(e.SequenceId.ToString(CultureInfo.InvariantCulture)).Append("\">")
                .Append("<details><summary><span class=\"seq\">#").Append(e.SequenceId.ToString(CultureInfo.InvariantCulture)).Append("</span> <span class=\"type\">").Append(E(kind))
                .Append("</span> <span class=\"desc\">").Append(E(e.ToString())).Append("</span> <time>").Append(Time(e.Timestamp)).Append("</time></summary><pre class=\"payload\">")
                .Append(E(DashboardJson.Pretty(HistorySerializer.SerializeAttributes(e.Attributes)))).Append("</pre></details></li>");
        }

        body.Append("</ol>");
        if (page.NextAfter is { } next)
        {
            body.Append("<p class=\"pager\"><a rel=\"next\" href=\"").Append(E($"{InstanceLink(root, s.Instance.InstanceId)}&execution={U(s.Instance.ExecutionId)}&after={next.ToString(CultureInfo.InvariantCulture)}"))
                .Append("\">Later events &rarr;</a></p>");
        }

        await PageAsync(context, StatusCodes.Status200OK, s.Instance.InstanceId, body.ToString()).ConfigureAwait(false);
    }

    private static void AppendTree(StringBuilder body, string root, IReadOnlyList<TreeNode> nodes, bool more, string parentId)
    {
        body.Append("<ul>");
        foreach (var node in nodes)
        {
            body.Append("<li><a href=\"").Append(E(InstanceLink(root, node.State.Instance.InstanceId))).Append("\">").Append(E(node.State.Instance.InstanceId)).Append("</a> ")
                .Append(E(node.State.WorkflowName)).Append(' ').Append(StatusBadge(node.State.Status));
            if (node.Children.Count > 0)
            {
                AppendTree(body, root, node.Children, node.More, node.State.Instance.InstanceId);
            }

            body.Append("</li>");
        }

        if (more)
        {
            body.Append("<li><a href=\"").Append(E($"{root}/?parent={U(parentId)}")).Append("\">more&hellip;</a></li>");
        }

        body.Append("</ul>");
    }

    private static void Row(StringBuilder body, string name, string html) => body.Append("<dt>").Append(name).Append("</dt><dd>").Append(html).Append("</dd>");

    private static void AppendActions(HttpContext context, StringBuilder body, string root, WorkflowInstanceState s)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        string hidden = $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\"><input type=\"hidden\" name=\"id\" value=\"{E(s.Instance.InstanceId)}\">";
        string Form(string action, string label, string fields = "", string? confirm = null)
            => $"<form class=\"action action-{action}\" method=\"post\" action=\"{E(root)}/actions/{action}\"{(confirm is null ? "" : $" data-confirm=\"{E(confirm)}\"")}>{hidden}{fields}<button type=\"submit\" name=\"do\" value=\"{action}\">{label}</button></form>";

        body.Append("<section class=\"actions\"><h2>Actions</h2>");
        if (s.Status == WorkflowStatus.Running)
        {
            body.Append(Form("cancel", "Cancel"));
            body.Append(Form("terminate", "Terminate", "<input type=\"text\" name=\"reason\" placeholder=\"reason\" aria-label=\"reason\">", "Terminate this instance without running its code?"));
            body.Append(Form("signal", "Send signal", "<input type=\"text\" name=\"signal\" placeholder=\"signal name\" aria-label=\"signal name\" required><textarea name=\"payload\" placeholder=\"JSON value, e.g. true\" aria-label=\"signal payload (JSON)\"></textarea>"));
            if (s.LastTaskError is not null)
            {
                body.Append(Form("resume", "Resume"));
            }
        }
        else
        {
            body.Append(Form("remove", "Remove", "", "Remove this instance and its history for good?"));
        }

        body.Append("</section>");
    }

    private async Task StatsPageAsync(HttpContext context)
    {
        var stats = await Backend(context).GetStatsAsync(context.RequestAborted).ConfigureAwait(false);
        string root = Base(context);
        var body = new StringBuilder("<h1>Stats</h1>");
        body.Append("<p>Running instances: <strong class=\"active-count\">").Append(stats.ActiveInstances.ToString(CultureInfo.InvariantCulture)).Append("</strong></p>");
        Counts(body, "Instances by status", stats.InstancesByStatus.ToDictionary(p => p.Key.ToString(), p => p.Value), k => $"{root}/?status={U(k)}");
        Counts(body, "Instances by workflow", stats.InstancesByWorkflowName, k => $"{root}/?name={U(k)}");
        Counts(body, "Workflow task backlog by queue", stats.PendingWorkflowTasks, null);
        Counts(body, "Activity task backlog by queue", stats.PendingActivityTasks, null);
        await PageAsync(context, StatusCodes.Status200OK, "Stats", body.ToString()).ConfigureAwait(false);
    }

    private static void Counts(StringBuilder body, string title, IReadOnlyDictionary<string, long> counts, Func<string, string>? link)
    {
        body.Append("<h2>").Append(E(title)).Append("</h2>");
        if (counts.Count == 0)
        {
            body.Append("<p class=\"empty\">none</p>");
            return;
        }

        body.Append("<table class=\"counts\"><tbody>");
        foreach (var (key, value) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string name = link is null ? E(key) : $"<a href=\"{E(link(key))}\">{E(key)}</a>";
            body.Append("<tr><th>").Append(name).Append("</th><td>").Append(value.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        body.Append("</tbody></table>");
    }
}
