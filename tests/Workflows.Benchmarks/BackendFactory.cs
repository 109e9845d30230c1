using Workflows.Backends;
using Workflows.MySql;
using Workflows.Postgres;
using Workflows.Sqlite;

namespace Workflows.Benchmarks;

/// <summary>Creates the backend a run measures.</summary>
internal static class BackendFactory
{
    public static Task<IBackend> CreateAsync(BenchmarkOptions options)
    {
        switch (options.Backend)
        {
            case "memory":
                return Task.FromResult<IBackend>(new InMemoryBackend());
            case "sqlite":
                // A fresh file per run, with the default (synchronous=FULL) settings the storage ceiling also uses.
                foreach (var suffix in options.KeepDatabase ? [] : new[] { "", "-wal", "-shm" })
                {
                    File.Delete(options.DatabasePath + suffix);
                }

                return Task.FromResult<IBackend>(SqliteBackend.Open(options.DatabasePath));
            case "mysql":
                return Task.FromResult<IBackend>(MySqlBackend.Open(
                    options.Connection ?? throw new ArgumentException("--backend mysql needs --connection"),
                    new MySqlBackendOptions { SchemaName = options.Schema ?? $"workflows_bench_{Environment.ProcessId}" }));
            case "postgres":
                return Task.FromResult<IBackend>(PostgresBackend.Open(
                    options.Connection ?? throw new ArgumentException("--backend postgres needs --connection"),
                    new PostgresBackendOptions { SchemaName = options.Schema ?? $"workflows_bench_{Environment.ProcessId}" }));
            default:
                throw new ArgumentException($"unknown backend '{options.Backend}'");
        }
    }
}
