using System.CommandLine;
using Workflows.Backends;
using Workflows.Client;
using Workflows.History;

namespace Workflows.Cli;

/// <summary>Commands that read: list, show, export-history.</summary>
internal static class InstanceCommands
{
    public static Command List(GlobalOptions globals, TextWriter output)
    {
        var status = new Option<WorkflowStatus?>("--status", "-s") { Description = "Only instances with this status (running, completed, failed, canceled, terminated, continuedasnew)." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many instances (default 50).", DefaultValueFactory = _ => 50 };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the page that printed this cursor." };
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only instances of this workflow name." };
        var queue = new Option<string?>("--queue", "-q") { Description = "Only instances on this queue." };
        var prefix = new Option<string?>("--prefix") { Description = "Only instance ids that start with this text." };
        var blocked = new Option<bool>("--blocked") { Description = "Only running instances whose last workflow task failed (blocked or parked): what 'resume' is for." };
        var command = new Command("list", "List instances, newest first.") { status, limit, cursor, workflow, queue, prefix, blocked };
        command.SetAction(async (parse, ct) =>
        {
            int max = parse.GetValue(limit);
            if (max <= 0)
            {
                throw new CliException("--limit must be a positive number.", ExitCodes.Usage);
            }

            await using var backend = CliApp.OpenBackend(parse, globals);
            var states = new List<WorkflowInstanceState>();
            string? next = parse.GetValue(cursor);
            do
            {
                var query = new InstanceQuery
                {
                    Status = parse.GetValue(status),
                    Cursor = next,
                    PageSize = Math.Min(max - states.Count, 500),
                    WorkflowName = parse.GetValue(workflow),
                    Queue = parse.GetValue(queue),
                    InstanceIdPrefix = parse.GetValue(prefix),
                    BlockedOnly = parse.GetValue(blocked),
                };
                var page = await backend.ListWorkflowInstancesAsync(query, ct).ConfigureAwait(false);
                states.AddRange(page.Instances);
                next = page.NextCursor;
            }
            while (next is not null && states.Count < max);

            if (globals.IsJson(parse))
            {
                await output.WriteLineAsync(StateWriter.Instances(states, next)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = new TextTable("INSTANCE", "WORKFLOW", "STATUS", "QUEUE", "CREATED", "FINISHED");
            foreach (var state in states)
            {
                // A running instance whose last task failed is not making progress: say so in the status column.
                string shown = Commands.Status(state.Status) + (state.Status == WorkflowStatus.Running && state.LastTaskError is not null ? " (blocked)" : "");
                table.Add(state.Instance.InstanceId, state.WorkflowName, shown, state.Queue, Commands.Time(state.CreatedAt), Commands.Time(state.CompletedAt));
            }

            table.WriteTo(output);
            await output.WriteLineAsync(next is null ? $"{states.Count} instance(s)." : $"{states.Count} instance(s); more with --cursor {next}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    // What 'show' prints of a history unless told otherwise: enough for any ordinary workflow, bounded for a huge one.
    private const int DefaultHistoryPage = 1000;

    public static Command Show(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var execution = new Option<string?>("--execution", "-e") { Description = "The history of this execution instead of the latest (continue-as-new chains)." };
        var noHistory = new Option<bool>("--no-history") { Description = "Print the state only." };
        var after = new Option<long>("--after") { Description = "Print the history events after this sequence id (a page printed it)." };
        var limit = new Option<int>("--limit", "-n") { Description = $"At most this many history events (default {DefaultHistoryPage}).", DefaultValueFactory = _ => DefaultHistoryPage };
        var command = new Command("show", "Show an instance: status, result or error, why it is blocked, and its history.") { id, execution, noHistory, after, limit };
        command.SetAction(async (parse, ct) =>
        {
            int max = parse.GetValue(limit);
            if (max <= 0)
            {
                throw new CliException("--limit must be a positive number.", ExitCodes.Usage);
            }

            long from = parse.GetValue(after);
            if (from < 0)
            {
                throw new CliException("--after must be a sequence id (0 or more).", ExitCodes.Usage);
            }

            await using var backend = CliApp.OpenBackend(parse, globals);
            string instanceId = parse.GetRequiredValue(id);
            var state = await backend.GetWorkflowInstanceStateAsync(instanceId, ct).ConfigureAwait(false);
            IReadOnlyList<HistoryEvent>? history = null;
            long? nextAfter = null;
            if (!parse.GetValue(noHistory))
            {
                // One page, read as a page: a history of 100,000 events is not loaded to print its first events.
                // One event more than the page tells whether there is a next one.
                var instance = new WorkflowInstance(instanceId, parse.GetValue(execution) ?? state.Instance.ExecutionId);
                var page = await backend.GetWorkflowInstanceHistoryAsync(instance, from, max == int.MaxValue ? max : max + 1, ct).ConfigureAwait(false);
                if (page.Count > max)
                {
                    nextAfter = page[max - 1].SequenceId;
                    page = [.. page.Take(max)];
                }

                history = page;
            }

            if (globals.IsJson(parse))
            {
                await output.WriteLineAsync(StateWriter.Instance(state, history, nextAfter)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            WriteState(output, state);
            if (history is not null)
            {
                output.WriteLine();
                var table = new TextTable("SEQ", "TIME", "EVENT", "SCHEDULE", "DETAIL");
                foreach (var e in history)
                {
                    table.Add(e.SequenceId.ToString(System.Globalization.CultureInfo.InvariantCulture), Commands.Time(e.Timestamp), e.Type.ToString(),
                        e.ScheduleEventId == 0 ? null : e.ScheduleEventId.ToString(System.Globalization.CultureInfo.InvariantCulture), Detail(e));
                }

                table.WriteTo(output);
                if (nextAfter is { } next)
                {
                    await output.WriteLineAsync($"{history.Count} event(s); more with --after {next.ToString(System.Globalization.CultureInfo.InvariantCulture)}").ConfigureAwait(false);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Executions(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var command = new Command("executions", "List every execution of an instance, newest first: a continue-as-new chain, earlier runs of a reused id.") { id };
        command.SetAction(async (parse, ct) =>
        {
            await using var backend = CliApp.OpenBackend(parse, globals);
            var executions = await backend.ListWorkflowExecutionsAsync(parse.GetRequiredValue(id), ct).ConfigureAwait(false);
            if (globals.IsJson(parse))
            {
                await output.WriteLineAsync(StateWriter.Instances(executions, null)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var table = new TextTable("EXECUTION", "WORKFLOW", "STATUS", "CREATED", "FINISHED");
            foreach (var state in executions)
            {
                table.Add(state.Instance.ExecutionId, state.WorkflowName, Commands.Status(state.Status), Commands.Time(state.CreatedAt), Commands.Time(state.CompletedAt));
            }

            table.WriteTo(output);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command ExportHistory(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var execution = new Option<string?>("--execution", "-e") { Description = "Export this execution instead of the latest." };
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export-history", "Export an execution's history as JSON, in the form WorkflowReplayer and 'replay' read.") { id, execution, file };
        command.SetAction(async (parse, ct) =>
        {
            await using var backend = CliApp.OpenBackend(parse, globals);
            var client = new WorkflowClient(backend);
            string json = await client.ExportHistoryAsync(parse.GetRequiredValue(id), parse.GetValue(execution), ct).ConfigureAwait(false);
            if (parse.GetValue(file) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, json, ct).ConfigureAwait(false);
                await output.WriteLineAsync($"Wrote the history to {target.FullName}").ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(json).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteState(TextWriter output, WorkflowInstanceState state)
    {
        output.WriteLine($"Instance:   {state.Instance.InstanceId}");
        output.WriteLine($"Execution:  {state.Instance.ExecutionId}");
        output.WriteLine($"Workflow:   {state.WorkflowName}");
        output.WriteLine($"Queue:      {state.Queue}");
        output.WriteLine($"Status:     {Commands.Status(state.Status)}");
        output.WriteLine($"Created:    {Commands.Time(state.CreatedAt)}");
        output.WriteLine($"Finished:   {Commands.Time(state.CompletedAt)}");
        if (state.Parent is { } parent)
        {
            output.WriteLine($"Parent:     {parent.InstanceId} ({parent.ExecutionId})");
        }

        if (state.Result is not null)
        {
            output.WriteLine($"Result:     {state.Result}");
        }

        if (state.Error is { } error)
        {
            output.WriteLine($"Error:      {error.Type}: {error.Message}");
        }

        if (state.LastTaskError is { } taskError)
        {
            output.WriteLine($"Blocked by: {taskError.Type}: {taskError.Message}");
        }
    }

    private static string Detail(HistoryEvent e)
    {
        // The event's JSON without the envelope: its attributes carry the names, inputs, results and errors.
        string json = HistorySerializer.SerializeAttributes(e.Attributes);
        return json.Length <= 160 ? json : json[..157] + "...";
    }
}
