using System.CommandLine;
using System.Text.Json;
using Workflows.Testing;

namespace Workflows.Cli;

/// <summary><c>replay</c>: checks a build against the histories stored in the database, before it is deployed.</summary>
internal static class ReplayCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output)
    {
        var assembly = new Option<FileInfo>("--assembly", "-a") { Description = "The built worker or workflow library (.dll) whose workflows to check.", Required = true };
        var workflow = new Option<string?>("--workflow", "-w") { Description = "Only executions of this workflow name." };
        var status = new Option<string>("--status", "-s") { Description = "Which executions: running (default; what a deploy replays next), any, or a status name.", DefaultValueFactory = _ => "running" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many executions, newest first (default 1000).", DefaultValueFactory = _ => 1000 };
        var command = new Command("replay", "Replay stored histories against the workflows of a built assembly; exit code 3 names every execution the build would block.") { assembly, workflow, status, limit };
        command.SetAction(async (parse, ct) =>
        {
            string statusText = parse.GetRequiredValue(status);
            WorkflowStatus? filter = statusText.Equals("any", StringComparison.OrdinalIgnoreCase) ? null
                : Enum.TryParse<WorkflowStatus>(statusText, ignoreCase: true, out var s) ? s
                : throw new CliException($"Unknown status '{statusText}': use running, completed, failed, canceled, terminated, continuedasnew or any.", ExitCodes.Usage);
            var registry = WorkflowAssemblyLoader.Register(parse.GetRequiredValue(assembly).FullName);
            await using var backend = CliApp.OpenBackend(parse, globals);
            var results = await new WorkflowReplayer(registry).ReplayAsync(backend, new ReplayQuery { WorkflowName = parse.GetValue(workflow), Status = filter, Limit = parse.GetValue(limit) }, ct).ConfigureAwait(false);
            int failures = results.Count(r => !r.IsSuccess);
            if (globals.IsJson(parse))
            {
                await output.WriteLineAsync(Json(results)).ConfigureAwait(false);
            }
            else
            {
                foreach (var result in results)
                {
                    await output.WriteLineAsync(result.ToString()).ConfigureAwait(false);
                }

                await output.WriteLineAsync(failures == 0
                    ? $"All {results.Count} execution(s) replay on this build."
                    : $"{failures} of {results.Count} execution(s) do not replay on this build.").ConfigureAwait(false);
            }

            return failures == 0 ? ExitCodes.Success : ExitCodes.ReplayMismatch;
        });
        return command;
    }

    private static string Json(IReadOnlyList<ReplayResult> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                w.WriteString("workflowName", r.WorkflowName);
                w.WriteBoolean("ok", r.IsSuccess);
                w.WriteBoolean("nonDeterminism", r.IsNonDeterminism);
                if (r.SequenceId is { } sequence)
                {
                    w.WriteNumber("sequenceId", sequence);
                }
                else
                {
                    w.WriteNull("sequenceId");
                }

                w.WriteString("recorded", r.Recorded);
                w.WriteString("produced", r.Produced);
                w.WriteString("error", r.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
