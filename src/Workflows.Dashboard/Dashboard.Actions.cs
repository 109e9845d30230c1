using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workflows.Dashboard;

/// <summary>
/// Actions: form posts protected by an antiforgery token, each logged with the user who asked. A browser gets a
/// redirect back to the instance page (post/redirect/get); a client that accepts only JSON gets a JSON answer.
/// </summary>
internal sealed partial class Dashboard
{
    /// <summary>Fixed messages shown after an action; the page never echoes text from the query string.</summary>
    private static readonly Dictionary<string, string> s_doneMessages = new(StringComparer.Ordinal)
    {
        ["cancel"] = "Cancellation requested: the workflow sees it at its next task.",
        ["terminate"] = "Terminated.",
        ["signal"] = "Signal sent.",
        ["resume"] = "Resumed: the instance can be claimed by a worker now.",
    };

    private static bool WantsJson(HttpContext context)
        => context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private async Task ActionAsync(HttpContext context)
    {
        string action = context.Request.RouteValues["action"] as string ?? "";
        string user = context.User.Identity?.Name is { Length: > 0 } name ? name : "anonymous";
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Workflows.Dashboard");
        bool html = !WantsJson(context);
        if (!s_doneMessages.ContainsKey(action) && action != "remove")
        {
            await FailAsync(context, html, StatusCodes.Status404NotFound, $"There is no dashboard action '{action}'.").ConfigureAwait(false);
            return;
        }

        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            DashboardLog.AntiforgeryRejected(logger, action, user);
            await FailAsync(context, html, StatusCodes.Status400BadRequest, "The request has no valid antiforgery token; reload the page and try again.").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        string id = form["id"].ToString();
        if (id.Length == 0)
        {
            await FailAsync(context, html, StatusCodes.Status400BadRequest, "The 'id' form field (the instance id) is required.").ConfigureAwait(false);
            return;
        }

        DashboardLog.ActionRequested(logger, action, id, user);
        var client = Client(context);
        var ct = context.RequestAborted;
        try
        {
            switch (action)
            {
                case "cancel":
                    await client.CancelWorkflowAsync(id, ct).ConfigureAwait(false);
                    break;
                case "terminate":
                    string reason = form["reason"].ToString();
                    await client.TerminateWorkflowAsync(id, reason.Length == 0 ? $"terminated from the dashboard by {user}" : $"{reason} (by {user}, from the dashboard)", ct).ConfigureAwait(false);
                    break;
                case "signal":
                    await client.SignalWorkflowAsync(id, form["signal"].ToString(), ParsePayload(form["payload"].ToString()), cancellationToken: ct).ConfigureAwait(false);
                    break;
                case "resume":
                    await client.ResumeWorkflowAsync(id, ct).ConfigureAwait(false);
                    break;
                default:
                    await client.RemoveWorkflowAsync(id, ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (WorkflowInstanceNotFoundException ex)
        {
            DashboardLog.ActionRefused(logger, action, id, user, ex.Message);
            await FailAsync(context, html, StatusCodes.Status404NotFound, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is WorkflowNotFinishedException or WorkflowAlreadyFinishedException)
        {
            DashboardLog.ActionRefused(logger, action, id, user, ex.Message);
            await FailAsync(context, html, StatusCodes.Status409Conflict, ex.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or InvalidIdentifierException or Serialization.PayloadTooLargeException)
        {
            DashboardLog.ActionRefused(logger, action, id, user, ex.Message);
            await FailAsync(context, html, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return;
        }

        if (!html)
        {
            await WriteJsonAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("action", action);
                w.WriteString("instanceId", id);
                w.WriteBoolean("ok", true);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        // Post/redirect/get: a reload does not repeat the action.
        string target = action == "remove" ? Base(context) + "/" : $"{InstanceLink(Base(context), id)}&done={action}";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = target;
    }

    /// <summary>The signal value: JSON text from the form (empty means null), parsed so its encoding is the payload's.</summary>
    private static JsonElement? ParsePayload(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The signal payload is not JSON: {ex.Message}", nameof(text), ex);
        }
    }
}
