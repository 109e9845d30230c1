using Workflows.Backends;
using Workflows.MySql;
using Workflows.Postgres;
using Workflows.Sqlite;

namespace Workflows.Samples;

/// <summary>
/// The backend a sample runs on, from its command line: <c>--backend sqlite|memory|mysql|postgres</c>,
/// <c>--connection "..."</c> for the servers, <c>--db path</c> for SQLite, <c>--schema name</c>. Without options a
/// sample runs on a new SQLite file in the temp directory, deleted when the sample ends; with <c>--db</c> the file is
/// kept.
/// </summary>
internal sealed class SampleBackend : IAsyncDisposable
{
    private readonly string? _temporaryFile;

    private SampleBackend(IBackend backend, string description, string? temporaryFile)
    {
        Backend = backend;
        Description = description;
        _temporaryFile = temporaryFile;
    }

    public IBackend Backend { get; }

    /// <summary>Which backend, in words ("SQLite file /tmp/...").</summary>
    public string Description { get; }

    public static SampleBackend Open(string[] args, string sample)
    {
        string name = Option(args, "--backend") ?? "sqlite";
        string schema = Option(args, "--schema") ?? "workflows";
        switch (name)
        {
            case "sqlite":
                string? db = Option(args, "--db");
                string path = db ?? Path.Combine(Path.GetTempPath(), $"workflows-{sample}-{Environment.ProcessId}.db");
                return new SampleBackend(SqliteBackend.Open(path), $"SQLite file {path}", db is null ? path : null);
            case "memory":
                return new SampleBackend(new InMemoryBackend(), "the in-memory backend", null);
            case "mysql":
                return new SampleBackend(
                    MySqlBackend.Open(Connection(args, name, "Server=...;User ID=...;Database=..."), new MySqlBackendOptions { SchemaName = schema }),
                    $"MySQL/MariaDB, schema {schema}",
                    null);
            case "postgres":
                return new SampleBackend(
                    PostgresBackend.Open(Connection(args, name, "Host=...;Username=...;Database=..."), new PostgresBackendOptions { SchemaName = schema }),
                    $"PostgreSQL, schema {schema}",
                    null);
            default:
                throw new ArgumentException($"Unknown backend '{name}': use sqlite, memory, mysql or postgres.");
        }
    }

    /// <summary>The value after <paramref name="name"/> on the command line, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A fresh instance id with a readable prefix, so a kept database can run a sample again.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync().ConfigureAwait(false);
        if (_temporaryFile is not null)
        {
            DeleteSqliteFiles(_temporaryFile);
        }
    }

    /// <summary>Deletes a SQLite database and its write-ahead log files.</summary>
    public static void DeleteSqliteFiles(string path)
    {
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static string Connection(string[] args, string backend, string example)
        => Option(args, "--connection") ?? throw new ArgumentException($"--backend {backend} needs --connection \"{example}\"");
}
