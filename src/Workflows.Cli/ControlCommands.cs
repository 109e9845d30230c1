using System.CommandLine;
using System.Text.Json;
using Workflows.Client;

namespace Workflows.Cli;

/// <summary>Commands that act on instances: signal, cancel, terminate, resume, remove, purge, auto-expire.</summary>
internal static class ControlCommands
{
    public static Command Signal(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var name = new Argument<string>("signal-name") { Description = "The signal name the workflow waits on." };
        var value = new Argument<string?>("json") { Description = "The value as JSON, e.g. true, 42, '\"text\"' or '{\"approved\":true}'; omitted for none.", Arity = ArgumentArity.ZeroOrOne };
        var requestId = new Option<string?>("--request-id") { Description = "Makes a retried command land once." };
        var command = new Command("signal", "Send a signal with a JSON value to a running instance.") { id, name, value, requestId };
        command.SetAction(async (parse, ct) =>
        {
            string? json = parse.GetValue(value);
            if (json is not null)
            {
                // Checked here, so that text that is not JSON is refused before it reaches the history.
                try
                {
                    using var _ = JsonDocument.Parse(json);
                }
                catch (JsonException e)
                {
                    throw new CliException($"The signal value is not JSON ({e.Message}). Quote a string as '\"text\"'.", ExitCodes.Usage);
                }
            }

            string instanceId = parse.GetRequiredValue(id);
            string signalName = parse.GetRequiredValue(name);
            await using var backend = CliApp.OpenBackend(parse, globals);
            await new WorkflowClient(backend).SignalWorkflowEncodedAsync(instanceId, signalName, json, parse.GetValue(requestId), ct).ConfigureAwait(false);
            await Report(output, globals, parse, "signaled", instanceId, $"Sent signal '{signalName}' to {instanceId}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Cancel(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var command = new Command("cancel", "Ask a running instance to cancel: its code sees the cancellation and may clean up.") { id };
        command.SetAction(async (parse, ct) =>
        {
            string instanceId = parse.GetRequiredValue(id);
            await using var backend = CliApp.OpenBackend(parse, globals);
            await new WorkflowClient(backend).CancelWorkflowAsync(instanceId, ct).ConfigureAwait(false);
            await Report(output, globals, parse, "cancel-requested", instanceId, $"Requested cancellation of {instanceId}; it ends when a worker runs it.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Terminate(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var reason = new Option<string?>("--reason", "-r") { Description = "Recorded in the history as why." };
        var command = new Command("terminate", "End a running instance at once without running its code (its sub-workflows too).") { id, reason };
        command.SetAction(async (parse, ct) =>
        {
            string instanceId = parse.GetRequiredValue(id);
            await using var backend = CliApp.OpenBackend(parse, globals);
            await new WorkflowClient(backend).TerminateWorkflowAsync(instanceId, parse.GetValue(reason), ct).ConfigureAwait(false);
            await Report(output, globals, parse, "terminated", instanceId, $"Terminated {instanceId}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Resume(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var command = new Command("resume", "Make a blocked or parked instance run again now, after deploying the fix (its back-off is cleared).") { id };
        command.SetAction(async (parse, ct) =>
        {
            string instanceId = parse.GetRequiredValue(id);
            await using var backend = CliApp.OpenBackend(parse, globals);
            await new WorkflowClient(backend).ResumeWorkflowAsync(instanceId, ct).ConfigureAwait(false);
            await Report(output, globals, parse, "resumed", instanceId, $"Resumed {instanceId}: the next worker that polls its queue runs it.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Remove(GlobalOptions globals, TextWriter output)
    {
        var id = Commands.InstanceId();
        var command = new Command("remove", "Remove a finished instance with its whole history.") { id };
        command.SetAction(async (parse, ct) =>
        {
            string instanceId = parse.GetRequiredValue(id);
            await using var backend = CliApp.OpenBackend(parse, globals);
            await new WorkflowClient(backend).RemoveWorkflowAsync(instanceId, ct).ConfigureAwait(false);
            await Report(output, globals, parse, "removed", instanceId, $"Removed {instanceId}.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Purge(GlobalOptions globals, TextWriter output)
    {
        var olderThan = new Option<TimeSpan?>("--older-than") { Description = "Remove instances that finished longer ago than this (d.hh:mm:ss, e.g. 30.00:00:00 for 30 days)." };
        var before = new Option<DateTimeOffset?>("--finished-before") { Description = "Remove instances that finished before this time (ISO 8601, e.g. 2026-01-31T00:00:00Z)." };
        var command = new Command("purge", "Remove every finished instance older than a retention period, in batches.") { olderThan, before };
        command.SetAction(async (parse, ct) =>
        {
            var age = parse.GetValue(olderThan);
            var time = parse.GetValue(before);
            if (age is null == time is null)
            {
                throw new CliException("Give exactly one of --older-than and --finished-before.", ExitCodes.Usage);
            }

            if (age is { } a && a <= TimeSpan.Zero)
            {
                throw new CliException("--older-than must be a positive duration.", ExitCodes.Usage);
            }

            await using var backend = CliApp.OpenBackend(parse, globals);
            var cutoff = time ?? backend.Options.TimeProvider.GetUtcNow() - age!.Value;
            long removed = await new WorkflowClient(backend).RemoveWorkflowsAsync(cutoff, cancellationToken: ct).ConfigureAwait(false);
            if (globals.IsJson(parse))
            {
                await output.WriteLineAsync(StateWriter.Object(("removed", removed), ("finishedBefore", cutoff.ToString("O", System.Globalization.CultureInfo.InvariantCulture)))).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"Removed {removed} instance(s) that finished before {Commands.Time(cutoff)}.").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command AutoExpire(GlobalOptions globals, TextWriter output)
    {
        var retention = new Option<TimeSpan?>("--retention") { Description = "Keep finished instances this long, then remove them (d.hh:mm:ss, e.g. 30.00:00:00)." };
        var interval = new Option<TimeSpan?>("--interval") { Description = "How often to look (default one hour)." };
        var queue = new Option<string?>("--queue") { Description = "The queue whose workers run it (default: the default queue)." };
        var stop = new Option<bool>("--stop") { Description = "Stop removing finished instances automatically." };
        var command = new Command("auto-expire", "Make the workers remove finished instances older than a retention period, from now on; run again to change the period (no restart).") { retention, interval, queue, stop };
        command.SetAction(async (parse, ct) =>
        {
            bool stopping = parse.GetValue(stop);
            var period = parse.GetValue(retention);
            if (stopping == period is not null)
            {
                throw new CliException("Give either --retention or --stop.", ExitCodes.Usage);
            }

            await using var backend = CliApp.OpenBackend(parse, globals);
            var client = new WorkflowClient(backend);
            if (stopping)
            {
                await client.StopAutoExpirationAsync(ct).ConfigureAwait(false);
                await Report(output, globals, parse, "auto-expiration-stopped", "workflows.auto-expiration", "Auto-expiration stopped.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var every = parse.GetValue(interval);
            if (period <= TimeSpan.Zero || every <= TimeSpan.Zero)
            {
                throw new CliException("--retention and --interval must be positive durations.", ExitCodes.Usage);
            }

            await client.StartAutoExpirationAsync(period!.Value, every, parse.GetValue(queue), ct).ConfigureAwait(false);
            await Report(output, globals, parse, "auto-expiration-started", "workflows.auto-expiration",
                $"Finished instances older than {period} are removed every {every ?? WorkflowClient.DefaultExpirationInterval} by the workers of queue '{parse.GetValue(queue) ?? WorkflowClient.DefaultQueue}'.").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Task Report(TextWriter output, GlobalOptions globals, ParseResult parse, string action, string instanceId, string text)
        => output.WriteLineAsync(globals.IsJson(parse) ? StateWriter.Object(("action", action), ("instanceId", instanceId)) : text);
}
