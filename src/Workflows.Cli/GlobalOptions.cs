using System.CommandLine;

namespace Workflows.Cli;

/// <summary>The options every command takes: where the database is and how to print.</summary>
internal sealed class GlobalOptions
{
    public Option<BackendKind> BackendOption { get; } = new("--backend", "-b")
    {
        Description = "The database kind: sqlite, mysql or postgres (default: WORKFLOWS_BACKEND, else sqlite).",
        Recursive = true,
        DefaultValueFactory = _ => Enum.TryParse<BackendKind>(Environment.GetEnvironmentVariable("WORKFLOWS_BACKEND"), ignoreCase: true, out var kind) ? kind : BackendKind.Sqlite,
    };

    public Option<string?> ConnectionOption { get; } = new("--connection", "-c")
    {
        Description = "The SQLite file path, or the MySQL/PostgreSQL connection string (default: WORKFLOWS_CONNECTION, else workflows.db for SQLite).",
        Recursive = true,
    };

    public Option<string?> SchemaOption { get; } = new("--schema")
    {
        Description = "The MySQL database or PostgreSQL schema holding the tables, when not the connection's own.",
        Recursive = true,
    };

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Print JSON for scripts instead of text for people.",
        Recursive = true,
    };

    /// <summary>Whether to print JSON.</summary>
    public bool IsJson(ParseResult parse) => parse.GetValue(JsonOption);

    public void AddTo(Command root)
    {
        root.Add(BackendOption);
        root.Add(ConnectionOption);
        root.Add(SchemaOption);
        root.Add(JsonOption);
    }

    /// <summary>The connection the command line and the environment describe.</summary>
    public BackendConnection ConnectionFrom(ParseResult parse)
    {
        var kind = parse.GetValue(BackendOption);
        string? connection = parse.GetValue(ConnectionOption) ?? Environment.GetEnvironmentVariable("WORKFLOWS_CONNECTION");
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = kind == BackendKind.Sqlite
                ? BackendConnection.DefaultSqliteFile
                : throw new CliException($"--backend {kind.ToString().ToLowerInvariant()} needs --connection \"...\" (or WORKFLOWS_CONNECTION).", ExitCodes.Usage);
        }

        return new BackendConnection(kind, connection, parse.GetValue(SchemaOption));
    }
}
