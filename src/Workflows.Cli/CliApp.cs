using System.CommandLine;
using Workflows.Backends;

namespace Workflows.Cli;

/// <summary>
/// The <c>workflows</c> command line: every command opens the backend named by <c>--backend</c> and
/// <c>--connection</c> (or the WORKFLOWS_BACKEND and WORKFLOWS_CONNECTION environment variables), does one thing and
/// exits with a code from <see cref="ExitCodes"/>. Output is for people by default and JSON with <c>--json</c>.
/// </summary>
internal static class CliApp
{
    /// <summary>Runs one command line; the tests call this in-process with their own writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var globals = new GlobalOptions();
        // Help names the tool as it is installed, also when it runs in-process under another host.
        var root = new RootCommand("Inspect and operate Workflows instances in a SQLite, MySQL/MariaDB or PostgreSQL database.") { HelpName = "workflows" };
        globals.AddTo(root);
        foreach (var command in Commands.All(globals, output))
        {
            root.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'workflows --help' (or '<command> --help') for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (Exception e) when (e is WorkflowsException or IOException or UnauthorizedAccessException or System.Data.Common.DbException or TimeoutException)
        {
            // Typed errors of the library and the drivers name what went wrong; a stack trace would only bury it.
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    /// <summary>Opens the backend the command line names.</summary>
    public static IBackend OpenBackend(ParseResult parse, GlobalOptions globals, bool mayCreate = false)
        => globals.ConnectionFrom(parse).Open(mayCreate);
}
