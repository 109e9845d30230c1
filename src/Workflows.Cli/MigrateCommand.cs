using System.CommandLine;
using Workflows.Backends.SqlCore;
using Workflows.MySql;
using Workflows.Postgres;
using Workflows.Sqlite;

namespace Workflows.Cli;

/// <summary><c>migrate</c>: brings the schema up to date (or prints the scripts), as a deploy step.</summary>
internal static class MigrateCommand
{
    public static Command Create(GlobalOptions globals, TextWriter output)
    {
        var print = new Option<bool>("--print") { Description = "Print the backend's numbered schema scripts instead of applying them (for a DBA or a pipeline that applies SQL itself)." };
        var command = new Command("migrate", "Create or update the schema (the numbered scripts run once, under the backend's migration lock); a SQLite file is created if missing.") { print };
        command.SetAction(async (parse, ct) =>
        {
            var connection = globals.ConnectionFrom(parse);
            var scripts = Scripts(connection.Kind);
            if (parse.GetValue(print))
            {
                foreach (var (version, name, text) in scripts)
                {
                    await output.WriteLineAsync($"-- {connection.Kind.ToString().ToLowerInvariant()} schema script {version}: {name}").ConfigureAwait(false);
                    await output.WriteLineAsync(text.TrimEnd()).ConfigureAwait(false);
                    await output.WriteLineAsync().ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            await using (var backend = connection.Open(mayCreate: true))
            {
                // The server backends migrate on first use; a read makes that happen now, under their lock.
                await backend.GetStatsAsync(ct).ConfigureAwait(false);
            }

            await output.WriteLineAsync(globals.IsJson(parse)
                ? StateWriter.Object(("backend", connection.Kind.ToString().ToLowerInvariant()), ("schemaVersion", scripts.Count))
                : $"The schema of the {connection.Describe()} is at version {scripts.Count} ({scripts[^1].Name}).").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    // The scripts each backend embeds, read the way its migrator reads them.
    private static List<(int Version, string Name, string Text)> Scripts(BackendKind kind) => kind switch
    {
        BackendKind.Sqlite => SchemaScripts.Load(typeof(SqliteBackend).Assembly, "Workflows.Sqlite.Scripts."),
        BackendKind.MySql => SchemaScripts.Load(typeof(MySqlBackend).Assembly, "Workflows.MySql.Scripts."),
        BackendKind.Postgres => SchemaScripts.Load(typeof(PostgresBackend).Assembly, "Workflows.Postgres.Scripts."),
        _ => throw new CliException($"Unknown backend '{kind}'.", ExitCodes.Usage),
    };
}
