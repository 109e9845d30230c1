using Workflows.Backends;
using Workflows.MySql;
using Workflows.Postgres;
using Workflows.Sqlite;

namespace Workflows.Cli;

/// <summary>The backend kinds the tool opens.</summary>
internal enum BackendKind
{
    /// <summary>A SQLite database file; the connection is its path.</summary>
    Sqlite,

    /// <summary>MySQL or MariaDB; the connection is a MySqlConnector connection string.</summary>
    MySql,

    /// <summary>PostgreSQL; the connection is an Npgsql connection string.</summary>
    Postgres,
}

/// <summary>Opens the backend named on the command line (or in WORKFLOWS_BACKEND / WORKFLOWS_CONNECTION).</summary>
internal sealed record BackendConnection(BackendKind Kind, string Connection, string? Schema)
{
    /// <summary>The SQLite file used when no connection is given, as the samples use.</summary>
    public const string DefaultSqliteFile = "workflows.db";

    /// <summary>
    /// Opens the backend. Every command but <c>migrate</c> refuses a SQLite file that does not exist rather than
    /// creating an empty database (a mistyped path would otherwise list nothing and exit 0).
    /// </summary>
    public IBackend Open(bool mayCreate)
    {
        switch (Kind)
        {
            case BackendKind.Sqlite:
                if (!mayCreate && !File.Exists(Connection))
                {
                    throw new CliException($"The SQLite database file '{Path.GetFullPath(Connection)}' does not exist (give its path with --connection; 'migrate' creates one).");
                }

                return SqliteBackend.Open(Connection);
            case BackendKind.MySql:
                return Schema is null
                    ? MySqlBackend.Open(Connection)
                    : MySqlBackend.Open(Connection, new MySqlBackendOptions { SchemaName = Schema });
            case BackendKind.Postgres:
                return Schema is null
                    ? PostgresBackend.Open(Connection)
                    : PostgresBackend.Open(Connection, new PostgresBackendOptions { SchemaName = Schema });
            default:
                throw new CliException($"Unknown backend '{Kind}'.", ExitCodes.Usage);
        }
    }

    /// <summary>A description that never shows a connection string (it may hold a password).</summary>
    public string Describe() => Kind == BackendKind.Sqlite ? $"SQLite file {Path.GetFullPath(Connection)}" : $"{Kind} database";
}
